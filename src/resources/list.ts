// A spatie list endpoint end to end: filters, sorts and includes from the query string (400 for a
// name not allowed), then Laravel's paginator with the endpoint's default page size.
import type { Context } from 'hono'
import { paginate, resolvePage, type Page } from '../laravel/paginate.js'
import {
  applyFilters,
  applySorts,
  parseListQuery,
  type ListQuery,
  type QuerySpec,
} from '../laravel/query.js'
import { isInteger } from '../laravel/validate.js'
import { requestPath, searchParams } from '../http/request.js'
import { withMembers } from '../store/json-bytes.js'

/** The sandbox's cap on `per_page` (the contract says so); Laravel itself has none. */
export const MAX_PER_PAGE = 1000

/** `paginate($request->per_page ?? default)`: 0, empty or not a number falls back to the default. */
export function perPageOf(c: Context, fallback: number): number {
  const raw = searchParams(c).get('per_page')?.trim()
  const n = isInteger(raw) ? Number(raw) : 0
  return n >= 1 ? Math.min(n, MAX_PER_PAGE) : fallback
}

export function readListQuery(c: Context, spec: QuerySpec): ListQuery {
  return parseListQuery(searchParams(c), spec)
}

/** Filters and sorts `rows` as the query asks. */
export function selectRows<T extends object>(rows: readonly T[], query: ListQuery): readonly T[] {
  return applySorts(applyFilters(rows, query.filters), query.sorts)
}

export function pageOf<T>(c: Context, rows: readonly T[], perPage: number): Page<T> {
  return paginate(
    rows,
    resolvePage(searchParams(c).get('page') ?? undefined),
    perPage,
    requestPath(c),
  )
}

/** A relation an `include` can add: belongs-to answers a row or null, has-many an array. */
export type Relation<T> = (row: T) => object | null | readonly object[]

/**
 * Adds what `include` asked for: `rel` adds the relation under its snake_case key, `relCount`
 * adds `rel_count` (withCount) and `relExists` adds `rel_exists` (withExists).
 */
export function withIncludes<T extends object>(
  row: T,
  includes: readonly string[],
  relations: Readonly<Record<string, Relation<T>>>,
): T & Record<string, unknown> {
  if (!includes.length) return row as T & Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const include of includes) {
    const [, name = include, suffix] = /^(.*?)(Count|Exists)?$/.exec(include) ?? []
    const relation = relations[name]
    if (!relation) continue
    const value = relation(row)
    const size = Array.isArray(value) ? value.length : value ? 1 : 0
    if (suffix === 'Count') out[`${name}_count`] = size
    else if (suffix === 'Exists') out[`${name}_exists`] = size > 0
    else out[name] = value
  }
  return withMembers(row, out)
}
