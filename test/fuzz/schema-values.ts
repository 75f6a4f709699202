// Values a JSON schema of the contract allows, as fast-check arbitraries: what a well-behaved client
// could send. The schema's own examples, and the values the seeded data holds for a property of the
// same name, are among them, so generated requests also reach records that exist (customer 42,
// file 500) and get past validation into the business rules.
import fc from 'fast-check'

export type Json = Record<string, any>

/** Follows `$ref` pointers into the bundled document. */
export function createResolver(document: Json) {
  return function resolve(node: Json | undefined): Json {
    let current = node ?? {}
    while (typeof current.$ref === 'string') {
      const pointer = current.$ref
        .replace(/^#\//, '')
        .split('/')
        .map((s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      current = pointer.reduce((acc: Json, key: string) => acc?.[key], document)
    }
    return current
  }
}

export type Resolve = ReturnType<typeof createResolver>
/** How to follow `$ref`s, and known values per property name. */
export type Context = { resolve: Resolve; pools: Record<string, readonly unknown[]> }

/** An object schema with its `allOf` parts merged (the contract composes Create from Update). */
export function flatten(schema: Json, resolve: Resolve): Json {
  const own = resolve(schema)
  if (!own.allOf) return own
  const parts = [own, ...own.allOf.map((part: Json) => flatten(part, resolve))]
  return {
    ...own,
    allOf: undefined,
    type: 'object',
    properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})),
    required: [...new Set(parts.flatMap((p) => p.required ?? []))],
  }
}

const typesOf = (schema: Json): string[] =>
  Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []

const date = fc.date({
  min: new Date('1970-01-01T00:00:00Z'),
  max: new Date('2099-12-31T23:59:59Z'),
  noInvalidDate: true,
})
const character = fc.oneof(
  fc.constantFrom('a', 'Z', '0', ' ', '-', 'é', 'ß', '中', '😀', 'ﷺ'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
)
const text = (schema: Json) =>
  fc.string({
    unit: character,
    minLength: Math.max(schema.minLength ?? 0, 1),
    maxLength: Math.min(schema.maxLength ?? 40, 40),
  })

function stringOf(schema: Json): fc.Arbitrary<string> {
  if (schema.format === 'email') return fc.emailAddress()
  if (schema.format === 'date') return date.map((d) => d.toISOString().slice(0, 10))
  if (schema.format === 'date-time') return date.map((d) => d.toISOString())
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern))
  return text(schema)
}

function numberOf(schema: Json, integer: boolean): fc.Arbitrary<number> {
  const min = schema.minimum ?? (integer ? -1000 : -1e6)
  const max = schema.maximum ?? (integer ? 100_000 : 1e6)
  return integer
    ? fc.integer({ min, max })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true })
}

/** A value the schema allows (best effort: formats, patterns, ranges, required keys). */
export function valueOf(
  schema: Json | undefined,
  ctx: Context,
  depth = 0,
  known: readonly unknown[] = [],
): fc.Arbitrary<unknown> {
  const s = ctx.resolve(schema)
  const examples: unknown[] = [
    ...known,
    ...(s.examples ?? []),
    ...(s.example !== undefined ? [s.example] : []),
  ]
  const generated = generatedValueOf(s, ctx, depth)
  return examples.length
    ? fc.oneof(
        { arbitrary: fc.constantFrom(...examples), weight: 1 },
        { arbitrary: generated, weight: 2 },
      )
    : generated
}

function generatedValueOf(s: Json, ctx: Context, depth: number): fc.Arbitrary<unknown> {
  if (s.allOf) return valueOf(flatten(s, ctx.resolve), ctx, depth)
  if (s.oneOf || s.anyOf)
    return fc.oneof(...(s.oneOf ?? s.anyOf).map((branch: Json) => valueOf(branch, ctx, depth + 1)))
  if (s.enum) return fc.constantFrom(...s.enum)
  if ('const' in s) return fc.constant(s.const)
  const types = typesOf(s)
  const options = (types.length ? types : ['string', 'integer', 'boolean']).map(
    (type): fc.Arbitrary<unknown> => {
      switch (type) {
        case 'null':
          return fc.constant(null)
        case 'boolean':
          return fc.boolean()
        case 'integer':
          return numberOf(s, true)
        case 'number':
          return numberOf(s, false)
        case 'string':
          return stringOf(s)
        case 'array':
          return fc.array(valueOf(s.items, ctx, depth + 1), { maxLength: depth > 2 ? 0 : 4 })
        default:
          return objectOf(s, ctx, depth)
      }
    },
  )
  return fc.oneof(...options)
}

function objectOf(s: Json, ctx: Context, depth: number): fc.Arbitrary<unknown> {
  const properties: Json = s.properties ?? {}
  if (
    !Object.keys(properties).length &&
    s.additionalProperties &&
    typeof s.additionalProperties === 'object'
  )
    return fc.dictionary(
      fc.integer({ min: 1, max: 20 }).map(String),
      valueOf(s.additionalProperties, ctx, depth + 1),
      { maxKeys: 4 },
    )
  const model = Object.fromEntries(
    Object.entries(properties).map(([key, value]) => [
      key,
      valueOf(value, ctx, depth + 1, ctx.pools[key]),
    ]),
  )
  return fc.record(model, {
    requiredKeys: (s.required ?? []).filter((k: string) => k in properties),
  })
}
