// What every resource does with its input beyond the contract's rules: route model binding,
// `exists`, and validated values turned into column values.
import type { Context } from 'hono'
import { NotFound } from '../laravel/errors.js'
import { toDecimal } from '../laravel/serialize.js'
import { isInteger, oneOf } from '../laravel/validate.js'
import type { Store, TableName } from '../store/store.js'
import type { Row, Table } from '../store/table.js'

/** What a resource's own rules read: the request's store. */
export type StoreContext = { store: Store }

/** A route parameter as the client sent it (route model binding looks it up as is). */
export const routeId = (c: Context, name: string) => c.req.param(name) ?? ''

/** Route model binding: the row whose id is the route parameter `name`, else Laravel's 404 naming `model`. */
export function bindRow<T extends Row>(c: Context, table: Table<T>, model: string, name = 'id'): T {
  const raw = routeId(c, name)
  const row = isInteger(raw) ? table.get(Number(raw)) : undefined
  if (!row) throw new NotFound(model, raw)
  return row
}

/** `exists:table,id`: "The selected :attribute is invalid." unless the id names a row of `table`. */
export const exists = (table: TableName) =>
  oneOf<StoreContext>((v, { store }) => isInteger(v) && store[table].get(Number(v)) !== undefined)

/** `T` with the decimals `K` in their column's form, a string. */
export type WithDecimals<T, K extends PropertyKey> = {
  [P in keyof T]: P extends K ? Exclude<T[P], number> : T[P]
}

/** Decimal inputs in the column's string form: 19.9 -> "19.90". */
export function castDecimals<T extends object, K extends keyof T & string>(
  input: T,
  fields: readonly K[],
  scale = 2,
): WithDecimals<T, K> {
  const out: Record<string, unknown> = { ...(input as Record<string, unknown>) }
  for (const key of fields) if (out[key] != null) out[key] = toDecimal(String(out[key]), scale)
  return out as WithDecimals<T, K>
}

/** `T` with null taken out of the fields `K`. */
export type WithoutNull<T, K extends PropertyKey> = {
  [P in keyof T]: P extends K ? Exclude<T[P], null> : T[P]
}

/** Keys sent as null for NOT NULL columns (booleans, defaults) are dropped: the column keeps its value. */
export function dropNulls<T extends object, K extends PropertyKey>(
  fields: T,
  keys: readonly K[],
): WithoutNull<T, K> {
  const out: Record<PropertyKey, unknown> = { ...(fields as Record<PropertyKey, unknown>) }
  for (const key of keys) if (out[key] === null) delete out[key]
  return out as WithoutNull<T, K>
}

/** The fields of `defaults` whose default is not null: columns that are never null. */
export const neverNull = <D extends object>(defaults: D) =>
  (Object.keys(defaults) as (keyof D)[]).filter((key) => defaults[key] !== null) as {
    [K in keyof D]: D[K] extends null ? never : K
  }[keyof D][]
