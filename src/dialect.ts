// The two dialects of one API (DESIGN §3): the documented snake_case names, and the legacy
// camelCase names that the official PHP SDK, seeds/001 and the official request collection use.
// The legacy names live in the contract (`x-legacy-name`); answering in the legacy dialect is a
// renaming of keys at the edge, never a second code path.

export type Dialect = 'docs' | 'legacy'
type Json = unknown

/**
 * An answer that words itself differently in the legacy dialect, beyond its keys (a message that
 * lists names): its legacy form, under this key. Symbol-keyed, so JSON never shows it.
 */
export const IN_LEGACY = Symbol('in legacy')
const inLegacy = (value: Json): Json => {
  const form =
    value && typeof value === 'object' ? (value as { [IN_LEGACY]?: unknown })[IN_LEGACY] : undefined
  return typeof form === 'function' ? (form as () => Json)() : value
}

/** snake_case name -> legacy name, from every `x-legacy-name` of the document's schemas. */
export function legacyNames(document: Json): Map<string, string> {
  const names = new Map<string, string>()
  const walk = (node: Json) => {
    if (Array.isArray(node)) return node.forEach(walk)
    if (!node || typeof node !== 'object') return
    const properties = (node as { properties?: Record<string, { 'x-legacy-name'?: string }> })
      .properties
    if (properties && typeof properties === 'object')
      for (const [name, schema] of Object.entries(properties)) {
        const legacy = schema?.['x-legacy-name']
        if (typeof legacy === 'string') names.set(name, legacy)
      }
    Object.values(node).forEach(walk)
  }
  walk(document)
  return names
}

/** A copy of `value` whose object keys are renamed by `names`, at every depth. */
export function renameKeys(value: Json, names: ReadonlyMap<string, string>): Json {
  if (Array.isArray(value)) return value.map((v) => renameKeys(v, names))
  if (!value || typeof value !== 'object') return value
  // fromEntries defines keys, so a `__proto__` key of the data stays a key.
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [names.get(key) ?? key, renameKeys(v, names)]),
  )
}

/** The legacy variant of the contract: every property under its legacy name, `required` lists too. */
export function toLegacyDocument<T>(document: T): T {
  const names = legacyNames(document)
  const walk = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(walk)
    if (!node || typeof node !== 'object') return node
    const out: Record<string, Json> = {}
    for (const [key, v] of Object.entries(node)) {
      if (key === 'properties' && v && typeof v === 'object' && !Array.isArray(v))
        out[key] = Object.fromEntries(
          Object.entries(v).map(([name, schema]) => [names.get(name) ?? name, walk(schema)]),
        )
      else if (key === 'required' && Array.isArray(v))
        out[key] = v.map((name) => (typeof name === 'string' ? (names.get(name) ?? name) : name))
      else if ((key === 'example' || key === 'examples') && v && typeof v === 'object')
        out[key] = renameKeys(v, names)
      else out[key] = walk(v)
    }
    return out
  }
  const legacy = walk(document) as { info?: { title?: string; description?: string } }
  if (legacy.info) legacy.info = { ...legacy.info, title: `${legacy.info.title} (legacy dialect)` }
  return legacy as T
}

export const DIALECTS: readonly Dialect[] = ['docs', 'legacy']
export const isDialect = (value: unknown): value is Dialect =>
  value === 'docs' || value === 'legacy'

/** Renames answers into the legacy dialect and back, from the document's `x-legacy-name`s. */
/** A document's renamer, made once: the names are the document's, and nothing else is kept. */
const renamers = new WeakMap<object, ReturnType<typeof makeRenamer>>()
export function createRenamer(document: object) {
  let renamer = renamers.get(document)
  if (!renamer) renamers.set(document, (renamer = makeRenamer(document)))
  return renamer
}

function makeRenamer(document: Json) {
  const names = legacyNames(document)
  const inverse = new Map([...names].map(([docs, legacy]) => [legacy, docs]))
  return {
    names,
    toLegacy: (value: Json) => renameKeys(inLegacy(value), names),
    toDocs: (value: Json) => renameKeys(value, inverse),
  }
}
