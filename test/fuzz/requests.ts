// Requests generated from one operation of the contract: its path, query and body schemas give the
// valid requests; mutations of those give the invalid ones (wrong types, missing required fields,
// extra fields, huge strings, deep or malformed JSON, wrong content types, bad credentials).
import fc from 'fast-check'
import { createResolver, flatten, valueOf, type Context, type Json } from './schema-values.js'
import { deepJsonText, extraKey, nastyString, nastyValue, trickyStrings } from './nasty.js'

export type FuzzOperation = {
  method: string
  path: string
  operationId: string
  parameters: Json[]
  body?: { schema: Json; examples: unknown[] }
  secured: boolean
}

export type FuzzCase = {
  /** Which generator made it, for the tally and for reading a failure. */
  kind: string
  method: string
  url: string
  headers: Record<string, string>
  body?: string
  /** The request lacks a required field, or sends one of an impossible type: it must be refused with a 4xx. */
  mustRefuse?: boolean
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const

/** Every operation of the bundled document, with its path-level and operation-level parameters resolved. */
export function operationsOf(document: Json): FuzzOperation[] {
  const resolve = createResolver(document)
  return Object.entries(document.paths as Json).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => {
      const op = item[method] as Json
      const content = resolve(op.requestBody)?.content?.['application/json']
      const examples = [
        ...(content?.example !== undefined ? [content.example] : []),
        ...Object.values(content?.examples ?? {}).map((e: any) => resolve(e).value),
      ]
      return {
        method: method.toUpperCase(),
        path,
        operationId: op.operationId as string,
        parameters: [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p: Json) =>
          resolve(p),
        ),
        body: content?.schema ? { schema: flatten(content.schema, resolve), examples } : undefined,
        secured: (op.security ?? document.security ?? []).length > 0,
      }
    }),
  )
}

/** The literal segments of every path: a path parameter equal to one would name another operation. */
const literalSegments = (document: Json) =>
  new Set(
    Object.keys(document.paths)
      .flatMap((p) => p.split('/'))
      .filter((s) => s && !s.startsWith('{')),
  )

/** Header values are bytes: what a client can put on the wire is Latin-1 without CR, LF or NUL. */
const headerSafe = (value: string) => value.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?')

const TOKENS = ['sandbox-admin-token', 'sandbox-tech-token', 'sandbox-sales-token']
const authorization: fc.Arbitrary<string | undefined> = fc.oneof(
  { arbitrary: fc.constantFrom(...TOKENS).map((t) => `Bearer ${t}`), weight: 6 },
  fc.constant(undefined),
  fc.constantFrom(
    'Bearer sandbox-expired-token',
    'Bearer',
    'Bearer ',
    'bearer  sandbox-admin-token  ',
    'Basic YWRtaW46YWRtaW4=',
    'Bearer sandbox-admin-token extra',
    'Token sandbox-admin-token',
  ),
  nastyString.map((s) => headerSafe(`Bearer ${s}`)),
)
const extraHeaders: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    'X-BlueRockTEL-Dialect': fc.constantFrom('docs', 'legacy', 'LEGACY', 'klingon', ''),
    Accept: fc.constantFrom('application/json', '*/*', 'text/html', 'application/xml'),
  },
  { requiredKeys: [] },
)

/** A value as a query string carries it: booleans as PHP's http_build_query writes them. */
const asText = (v: unknown) =>
  typeof v === 'string' ? v : typeof v === 'boolean' ? (v ? '1' : '0') : JSON.stringify(v)

/** Valid text for a parameter: the schema's values, or values the seeded data holds for that name. */
function paramValue(param: Json, ctx: Context): fc.Arbitrary<string> {
  const known = [
    ...(ctx.pools[param.name] ?? []),
    ...(param.example !== undefined ? [param.example] : []),
  ]
  return valueOf(param.schema, ctx, 0, known).map(asText)
}

/** Segments sent as they are: malformed or meaningful percent escapes, which the router must decode safely. */
const RAW_SEGMENTS = ['%zz', '%E0%A4%A', '%', '%00', '%2F']

/** A path segment, percent-encoded (a lone surrogate has no UTF-8 form: it goes as U+FFFD, as a browser sends it). */
const encodeSegment = (value: string) =>
  RAW_SEGMENTS.includes(value)
    ? value
    : encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, '\uFFFD'))

type QueryPart = [key: string, value: string]

function queryOf(parts: QueryPart[]): string {
  const search = new URLSearchParams()
  for (const [k, v] of parts) search.append(k, v)
  const text = search.toString()
  return text ? `?${text}` : ''
}

export function createCaseArbitrary(op: FuzzOperation, document: Json, pools: Context['pools']) {
  const ctx: Context = { resolve: createResolver(document), pools }
  const literals = literalSegments(document)
  const pathParams = op.parameters.filter((p) => p.in === 'path')
  const queryParams = op.parameters.filter((p) => p.in === 'query')

  const validPath = fc.tuple(...pathParams.map((p) => paramValue(p, ctx)))
  const invalidSegment = fc.oneof(
    nastyString,
    fc.constantFrom(...RAW_SEGMENTS, '0', '-1', '1.0', '1e1', '99999999999999999999'),
  )
  const invalidPath = fc.tuple(
    ...pathParams.map((p) => fc.oneof(paramValue(p, ctx), invalidSegment)),
  )
  const urlOf = (values: string[], query: QueryPart[]) => {
    let i = 0
    const path = op.path.replace(/\{[^}]+\}/g, () => encodeSegment(values[i++] ?? ''))
    return `/api${path}${queryOf(query)}`
  }
  // An empty segment or a dot segment, or a literal such as "search", would address another route.
  const addressable = (values: string[]) =>
    values.every((v) => v.trim() !== '' && !/^(\.|%2e){1,2}$/i.test(v) && !literals.has(v))

  const validQuery: fc.Arbitrary<QueryPart[]> = fc
    .tuple(...queryParams.map((p) => fc.option(paramValue(p, ctx), { nil: undefined, freq: 2 })))
    .map((values) =>
      values.flatMap((v, i): QueryPart[] => (v === undefined ? [] : [[queryParams[i]!.name, v]])),
    )
  const badQueryValue = (name: string): fc.Arbitrary<QueryPart[]> =>
    fc.oneof(
      nastyString.map((v): QueryPart[] => [[name, v]]),
      fc
        .array(nastyString, { minLength: 1, maxLength: 3 })
        .map((vs) => vs.map((v): QueryPart => [`${name}[]`, v])),
      fc
        .tuple(fc.constantFrom(...trickyStrings.slice(0, 7)), nastyString)
        .map(([k, v]): QueryPart[] => [[`${name}[${k}]`, v]]),
    )
  const strayQuery: fc.Arbitrary<QueryPart[]> = fc.oneof(
    fc.tuple(extraKey, nastyString).map(([k, v]): QueryPart[] => [[k, v]]),
    fc
      .tuple(
        fc.constantFrom(
          'filter',
          'sort',
          'include',
          'page',
          'per_page',
          'nb',
          '__proto__',
          'constructor',
        ),
        fc.constantFrom(...trickyStrings),
      )
      .map(([k, v]): QueryPart[] => [[k, v]]),
    fc
      .tuple(
        fc.constantFrom(...trickyStrings.slice(0, 7), 'x', 'id'),
        fc.constantFrom('filter', '__proto__', 'constructor'),
      )
      .map(([k, head]): QueryPart[] => [[`${head}[${k}]`, '1']]),
    fc.constantFrom<QueryPart[]>(
      [['per_page', '1001']],
      [['per_page', '999999999999']],
      [['page', '999999999999999']],
      [['page', '-3']],
      [['nb', '0']],
      [['sort', '-']],
      [['sort', ',']],
      [['include', ',']],
    ),
  )
  const invalidQuery: fc.Arbitrary<QueryPart[]> = fc
    .tuple(
      validQuery,
      queryParams.length
        ? fc.constantFrom(...queryParams.map((p) => p.name as string)).chain(badQueryValue)
        : fc.constant([]),
      fc.array(strayQuery, { maxLength: 2 }),
    )
    .map(([valid, bad, stray]) => [...valid, ...bad, ...stray.flat()])

  const headersOf = (
    auth: string | undefined,
    extra: Record<string, string>,
    contentType?: string,
  ) => {
    const headers: Record<string, string> = { Accept: 'application/json', ...extra }
    if (auth !== undefined) headers.Authorization = auth
    if (contentType) headers['Content-Type'] = contentType
    return headers
  }

  const validAuth = fc.oneof(
    { arbitrary: fc.constant('Bearer sandbox-admin-token'), weight: 4 },
    fc.constantFrom(...TOKENS).map((t) => `Bearer ${t}`),
  )
  const bodyArb = op.body ? bodyCases(op.body, ctx) : undefined

  const valid: fc.Arbitrary<FuzzCase> = fc
    .record({
      path: validPath,
      query: validQuery,
      auth: validAuth,
      body: bodyArb ? bodyArb.valid : fc.constant(undefined),
    })
    .filter(({ path }) => addressable(path))
    .map(({ path, query, auth, body }) => ({
      kind: 'valid',
      method: op.method,
      url: urlOf(path, query),
      headers: headersOf(auth, {}, body ? 'application/json' : undefined),
      body,
    }))

  const requestMutation: fc.Arbitrary<FuzzCase> = fc
    .record({
      path: invalidPath,
      query: invalidQuery,
      auth: authorization,
      extra: extraHeaders,
      body: bodyArb
        ? fc.option(bodyArb.valid, { nil: undefined, freq: 4 })
        : fc.constant(undefined),
    })
    .filter(({ path }) => addressable(path))
    .map(({ path, query, auth, extra, body }) => ({
      kind: 'request',
      method: op.method,
      url: urlOf(path, query),
      headers: headersOf(auth, extra, body ? 'application/json' : undefined),
      body,
    }))

  const bodyMutation: fc.Arbitrary<FuzzCase> | undefined = bodyArb
    ? fc
        .record({ path: validPath, query: validQuery, auth: validAuth, body: bodyArb.invalid })
        .filter(({ path }) => addressable(path))
        .map(({ path, query, auth, body }) => {
          // A field the mutation removed must not come back through the query string.
          const kept = body.removed ? query.filter(([k]) => k !== body.removed) : query
          return {
            kind: body.kind,
            method: op.method,
            url: urlOf(path, kept),
            headers: headersOf(auth, {}, body.contentType),
            body: body.text,
            mustRefuse: body.mustRefuse,
          }
        })
    : undefined

  const invalid = bodyMutation
    ? fc.oneof({ arbitrary: requestMutation, weight: 1 }, { arbitrary: bodyMutation, weight: 3 })
    : requestMutation
  return { valid, invalid }
}

type BodyMutation = {
  kind: string
  text: string
  contentType?: string
  mustRefuse?: boolean
  removed?: string
}

const scalarOnly = (schema: Json) => {
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []
  return (
    types.length > 0 &&
    !types.includes('array') &&
    !types.includes('object') &&
    !schema.oneOf &&
    !schema.anyOf
  )
}

/** The same body under the legacy camelCase names (`customerAccount`), which requests may always use. */
function toLegacyNames(value: Record<string, unknown>, properties: Json): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [properties[key]?.['x-legacy-name'] ?? key, v]),
  )
}

function bodyCases(body: { schema: Json; examples: unknown[] }, ctx: Context) {
  const { resolve } = ctx
  const properties: Json = body.schema.properties ?? {}
  const schemaValue = valueOf(body.schema, ctx)
  const object = body.examples.length
    ? fc.oneof(fc.constantFrom(...body.examples), schemaValue)
    : schemaValue
  const asObject = object.map((v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {},
  )
  const names = Object.keys(properties)
  const required: string[] = (body.schema.required ?? []).filter((k: string) => k in properties)
  const json = (v: unknown, kind: string, extra: Partial<BodyMutation> = {}): BodyMutation => ({
    kind,
    text: JSON.stringify(v),
    contentType: 'application/json',
    ...extra,
  })

  const mutations: fc.Arbitrary<BodyMutation>[] = [
    fc
      .tuple(asObject, fc.array(fc.tuple(extraKey, nastyValue), { minLength: 1, maxLength: 3 }))
      .map(([v, extra]) => {
        const out = { ...v }
        for (const [k, x] of extra)
          Object.defineProperty(out, k, {
            value: x,
            enumerable: true,
            writable: true,
            configurable: true,
          })
        return json(out, 'extra-fields')
      }),
    fc
      .oneof(nastyValue, fc.constantFrom('', 'null', 0, true, [], [1, 2]))
      .map((v) => json(v, 'not-an-object')),
    fc
      .tuple(
        fc.integer({ min: 100, max: 120_000 }),
        fc.constantFrom<'array' | 'object'>('array', 'object'),
        fc.boolean(),
      )
      .map(([depth, kind, wrapped]) => ({
        kind: 'deep-json',
        text:
          wrapped && names.length
            ? `{"${names[0]}":${deepJsonText(depth, kind)}}`
            : deepJsonText(depth, kind),
        contentType: 'application/json',
      })),
    fc
      .tuple(asObject, fc.constantFrom('truncate', 'trailing', 'quotes', 'bom', 'nul', 'comment'))
      .map(([v, how]) => {
        const text = JSON.stringify(v)
        const broken = {
          truncate: text.slice(0, Math.max(1, text.length - 2)),
          trailing: `${text},}`,
          quotes: text.replace(/"/g, "'"),
          bom: `\uFEFF${text}`,
          nul: `${text}\u0000`,
          comment: `/* */${text}`,
        }[how]
        return { kind: 'malformed-json', text: broken, contentType: 'application/json' }
      }),
    fc
      .tuple(
        asObject,
        fc.constantFrom(
          'text/plain',
          'application/xml',
          'multipart/form-data; boundary=x',
          'application/x-www-form-urlencoded',
          'application/json; charset=latin1',
          'application/vnd.api+json',
        ),
      )
      .map(([v, type]) => ({
        kind: 'content-type',
        text: JSON.stringify(v),
        contentType: type,
      })),
    fc
      .tuple(
        asObject,
        fc.array(
          fc.tuple(
            fc.oneof(extraKey, fc.constantFrom(...(names.length ? names : ['x']))),
            nastyString,
          ),
          { maxLength: 3 },
        ),
      )
      .map(([v, extra]) => {
        const form = new URLSearchParams()
        for (const [k, x] of Object.entries(v))
          form.append(k, typeof x === 'string' ? x : JSON.stringify(x))
        for (const [k, x] of extra) form.append(k, x)
        return {
          kind: 'form-encoded',
          text: form.toString(),
          contentType: 'application/x-www-form-urlencoded',
        }
      }),
  ]
  if (names.length) {
    mutations.push(
      fc.tuple(asObject, fc.constantFrom(...names), nastyValue).map(([v, name, x]) => {
        const impossible =
          required.includes(name) &&
          scalarOnly(resolve(properties[name])) &&
          x !== null &&
          typeof x === 'object'
        return json({ ...v, [name]: x }, 'wrong-type', { mustRefuse: impossible || undefined })
      }),
      fc
        .tuple(
          asObject,
          fc.constantFrom(...names),
          fc.integer({ min: 100_000, max: 900_000 }),
          fc.constantFrom('x', 'é', ' '),
        )
        .map(([v, name, n, ch]) =>
          json({ ...v, [name]: ch.repeat(ch === 'x' ? n : Math.floor(n / 3)) }, 'huge-string'),
        ),
    )
  }
  if (required.length) {
    mutations.push(
      fc.tuple(asObject, fc.constantFrom(...required)).map(([v, name]) => {
        const { [name]: _dropped, ...rest } = v
        return json(rest, 'missing-required', { mustRefuse: true, removed: name })
      }),
    )
  }
  const valid = fc.oneof(
    { arbitrary: object, weight: 3 },
    asObject.map((v) => toLegacyNames(v, properties)),
  )
  return { valid: valid.map((v) => JSON.stringify(v)), invalid: fc.oneof(...mutations) }
}
