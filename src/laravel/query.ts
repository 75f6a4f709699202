// spatie/laravel-query-builder, as the documented list endpoints use it: `filter[...]`, `sort`
// and `include` read from the query string, checked against a resource's allow-lists (400 when a
// name is not allowed), then applied to rows in memory.
import { BadQuery } from './errors.js'
import { snake } from './input.js'
import { legacyNames, type Dialect } from '../dialect.js'
import { specDocument } from '../spec-document.js'

export type FilterKind = 'partial' | 'exact'
export type QuerySpec = {
  /** Allowed filters in declaration order (the order spatie lists them in its 400 message). */
  filters: Readonly<Record<string, FilterKind>>
  sorts: readonly string[]
  /** Relations; each also allows `<name>Count` and `<name>Exists`. */
  includes: readonly string[]
  /** Other names clients use for the same filters and includes; camelCase names are read as snake_case anyway. */
  aliases?: Readonly<Record<string, string>>
}
export type FilterValue = string | boolean
export type Filter = { field: string; kind: FilterKind; values: FilterValue[] }
export type Sort = { field: string; desc: boolean }
export type ListQuery = { filters: Filter[]; sorts: Sort[]; includes: string[] }

/** The contract's legacy names (`x-legacy-name`) both ways; read on first use (most requests name no legacy field). */
let names: { legacy: Map<string, string>; documented: Map<string, string> } | undefined
const contractNames = () => {
  if (!names) {
    const legacy = legacyNames(specDocument)
    names = { legacy, documented: new Map([...legacy].map(([docs, old]) => [old, docs])) }
  }
  return names
}
/**
 * The legacy names a request's input uses where the documented ones differ: its fields, its
 * `filter[...]` names and its sorts (`customerAccount`, `chargeVAT`, `sort=-customerAccount`).
 */
export function legacyNamesIn(input: Record<string, unknown>): string[] {
  const { documented } = contractNames()
  const isLegacy = (name: string) => documented.has(name) && documented.get(name) !== name
  const filter = input.filter && typeof input.filter === 'object' ? Object.keys(input.filter) : []
  const sorts =
    typeof input.sort === 'string'
      ? input.sort.split(',').map((s) => s.trim().replace(/^-/, ''))
      : []
  return [...new Set([...Object.keys(input), ...filter, ...sorts].filter(isLegacy))]
}

/** A column's documented name, from either dialect's (`customerAccount`, `customer_account`). */
export const documentedName = (name: string) => contractNames().documented.get(name) ?? snake(name)
/** A column's name in the dialect: the legacy names of the contract, else the documented one (`family_id` stays). */
const fieldIn = (dialect: Dialect) => (name: string) =>
  dialect === 'legacy' ? (contractNames().legacy.get(name) ?? name) : name
/** A relation's name in the dialect: the legacy one is the relation's camelCase (`itemsInitial`, as the request collection sends it). */
const relationIn = (dialect: Dialect, name: string) => {
  const [, relation = name, suffix = ''] = /^(.+?)(Count|Exists)?$/.exec(name) ?? []
  return dialect === 'legacy'
    ? relation.replace(/_([a-z\d])/g, (_, c: string) => c.toUpperCase()) + suffix
    : name
}

const FILTER_KEY = /^filter\[([^\]]*)\](\[\d*\])?$/

/** QueryBuilderRequest::getFilterValue: commas split (no trim), "true"/"false" become booleans. */
function filterValues(raw: string[]): FilterValue[] {
  const parts = raw.length > 1 ? raw : (raw[0] ?? '').split(',')
  return parts
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => (p === 'true' ? true : p === 'false' ? false : p))
}

export function parseListQuery(params: URLSearchParams, spec: QuerySpec): ListQuery {
  return {
    filters: parseFilters(params, spec),
    sorts: parseSorts(params, spec),
    includes: parseIncludes(params, spec),
  }
}

// Own keys only: `filter[constructor]` names no filter, whatever Object.prototype holds.
const isFilter = (spec: QuerySpec, name: string) => Object.hasOwn(spec.filters, name)
const aliasOf = (spec: QuerySpec, name: string) =>
  spec.aliases && Object.hasOwn(spec.aliases, name) ? spec.aliases[name] : undefined

/**
 * A requested name as the allow-list spells it, whichever dialect the client speaks: itself when
 * allowed, a resource's alias, the documented name of a legacy one (`customerAccount`), else its
 * snake_case (`familyId`).
 */
const allowedName = (spec: QuerySpec, allowed: (name: string) => boolean) => (name: string) =>
  allowed(name) ? name : (aliasOf(spec, name) ?? documentedName(name))

/** `filter[name]=value`: a name not allowed answers spatie's 400; an empty value is no filter. */
export function parseFilters(params: URLSearchParams, spec: QuerySpec): Filter[] {
  const resolve = allowedName(spec, (name) => isFilter(spec, name))
  const requested = new Map<string, string[]>()
  for (const [key, value] of params) {
    const match = FILTER_KEY.exec(key)
    if (!match) continue
    const name = match[1] ?? ''
    requested.set(name, [...(requested.get(name) ?? []), value])
  }
  const unknownFilters = [...requested.keys()].filter((name) => !isFilter(spec, resolve(name)))
  if (unknownFilters.length)
    throw new BadQuery(
      (dialect) =>
        `Requested filter(s) \`${unknownFilters.join(', ')}\` are not allowed. Allowed filter(s) are \`${Object.keys(spec.filters).map(fieldIn(dialect)).join(', ')}\`.`,
    )
  const filters: Filter[] = []
  for (const [name, raw] of requested) {
    const values = filterValues(raw)
    const field = resolve(name)
    // An empty value is null after ConvertEmptyStringsToNull: spatie skips the filter.
    if (values.length) filters.push({ field, kind: spec.filters[field] ?? 'partial', values })
  }
  return filters
}

/** `sort=-a,b`: `-` for descending; a field not allowed answers spatie's 400. */
export function parseSorts(params: URLSearchParams, spec: QuerySpec): Sort[] {
  const resolve = allowedName(spec, (name) => spec.sorts.includes(name))
  const sortParam = params.get('sort')?.trim() ?? ''
  const requested =
    sortParam === ''
      ? []
      : sortParam.split(',').map((s) => ({ name: s.replace(/^-/, ''), desc: s.startsWith('-') }))
  const unknownSorts = requested
    .filter((s) => !spec.sorts.includes(resolve(s.name)))
    .map((s) => s.name)
  if (unknownSorts.length)
    throw new BadQuery(
      (dialect) =>
        `Requested sort(s) \`${unknownSorts.join(', ')}\` is not allowed. Allowed sort(s) are \`${spec.sorts.map(fieldIn(dialect)).join(', ')}\`.`,
    )
  return requested.map(({ name, desc }) => ({ field: resolve(name), desc }))
}

/** `include=a,b`: each relation also allows `aCount` and `aExists`; others answer spatie's 400. */
export function parseIncludes(params: URLSearchParams, spec: QuerySpec): string[] {
  const allowedIncludes = spec.includes.flatMap((r) => [r, `${r}Count`, `${r}Exists`])
  const resolve = allowedName(spec, (name) => allowedIncludes.includes(name))
  // A legacy relation keeps its suffix: `itemsInitialCount` is `items_initial` + `Count`.
  const includeOf = (name: string) => {
    const [, relation = name, suffix = ''] = /^(.+?)(Count|Exists)?$/.exec(name) ?? []
    const whole = resolve(name)
    return allowedIncludes.includes(whole) ? whole : resolve(relation) + suffix
  }
  const includeParam = params.get('include')?.trim() ?? ''
  const requested = includeParam === '' ? [] : includeParam.split(',')
  const unknownIncludes = requested.filter((name) => !allowedIncludes.includes(includeOf(name)))
  if (unknownIncludes.length)
    throw new BadQuery(
      (dialect) =>
        `Requested include(s) \`${unknownIncludes.join(', ')}\` are not allowed. ` +
        (allowedIncludes.length
          ? `Allowed include(s) are \`${allowedIncludes.map((name) => relationIn(dialect, name)).join(', ')}\`.`
          : 'There are no allowed includes.'),
    )
  return [...new Set(requested.map(includeOf))]
}

const asText = (value: unknown) =>
  typeof value === 'boolean' ? (value ? '1' : '0') : String(value)

/**
 * A filter as a test of a column's value: partial is `LOWER(col) LIKE %value%` (an OR over
 * values), exact is `IN`; the values are lower-cased once for every row.
 */
function matcherOf(filter: Filter): (value: unknown) => boolean {
  // A partial `false` is LIKE '%%': it matches every non-null row.
  if (filter.kind === 'partial' && filter.values.includes(false))
    return (value) => value !== null && value !== undefined
  const wanted = filter.values.map((v) => asText(v).toLowerCase())
  return (value) => {
    if (value === null || value === undefined) return false
    const text = asText(value).toLowerCase()
    return filter.kind === 'exact' ? wanted.includes(text) : wanted.some((w) => text.includes(w))
  }
}

export function applyFilters<T extends object>(
  rows: readonly T[],
  filters: readonly Filter[],
): readonly T[] {
  if (!filters.length) return rows
  const tests = filters.map((f) => ({ field: f.field, test: matcherOf(f) }))
  return rows.filter((row) =>
    tests.every(({ field, test }) => test((row as Record<string, unknown>)[field])),
  )
}

const DECIMAL = /^-?\d+\.\d+$/
/** Like MySQL's utf8mb4_unicode_ci: case- and accent-insensitive ("é" sorts with "e"); made on first use (about 15 ms of start-up). */
let collator: Intl.Collator | undefined

/** MySQL order: NULL first in ascending order, text by the collation, DECIMAL columns as numbers. */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0
  if (a === null || a === undefined) return -1
  if (b === null || b === undefined) return 1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'boolean' || typeof b === 'boolean') return Number(a) - Number(b)
  const x = String(a)
  const y = String(b)
  if (DECIMAL.test(x) && DECIMAL.test(y)) return Number(x) - Number(y)
  return (collator ??= new Intl.Collator('en', { sensitivity: 'base' })).compare(x, y)
}

/** Sorts a copy (or answers `rows` when there is nothing to sort by); ties keep the table's order (by primary key), as MySQL usually does. */
export function applySorts<T extends object>(
  rows: readonly T[],
  sorts: readonly Sort[],
): readonly T[] {
  if (!sorts.length) return rows
  return [...rows].sort((r1, r2) => {
    for (const { field, desc } of sorts) {
      const order = compareValues(
        (r1 as Record<string, unknown>)[field],
        (r2 as Record<string, unknown>)[field],
      )
      if (order) return desc ? -order : order
    }
    return 0
  })
}
