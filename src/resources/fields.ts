// Turning validated input into column values, shared by every resource.
import type { Context } from 'hono'
import { NotFound } from '../laravel/errors.js'
import { toDecimal } from '../laravel/serialize.js'
import { isInteger, max, min, oneOf, type Rule } from '../laravel/validate.js'
import type { Row, Table } from '../store/table.js'

/** Casts validated values to their column types: "42" -> 42, "1"/"true" -> true. */
export function castFields(
  input: Record<string, unknown>,
  types: { integers?: readonly string[]; booleans?: readonly string[] },
): Record<string, unknown> {
  const out = { ...input }
  for (const key of types.integers ?? []) if (out[key] != null) out[key] = Number(out[key])
  for (const key of types.booleans ?? []) if (out[key] != null) out[key] = [true, 1, '1', 'true'].includes(out[key] as never)
  return out
}

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
export const existsIn = <T extends Row>(table: Table<T>) => oneOf((v) => isInteger(v) && table.get(Number(v)) !== undefined)

/** A DECIMAL(10, scale) column: numeric and within the column's range (beyond it MySQL would refuse the write). */
export const decimalRules = (scale = 2): readonly Rule[] => {
  const limit = Number(`${'9'.repeat(10 - scale)}.${'9'.repeat(scale)}`)
  return ['numeric', min(-limit), max(limit)]
}
/** An INT column: an integer MySQL can store. */
export const intRules: readonly Rule[] = ['integer', min(-2147483648), max(2147483647)]

/** Casts decimal inputs to the column's string form: 19.9 -> "19.90". */
export function castDecimals(input: Record<string, unknown>, fields: readonly string[], scale = 2): Record<string, unknown> {
  const out = { ...input }
  for (const key of fields) if (out[key] != null) out[key] = toDecimal(String(out[key]), scale)
  return out
}

/** Keys sent as null for NOT NULL columns (booleans, defaults) are dropped: the column keeps its value. */
export function dropNulls<T extends Record<string, unknown>>(fields: T, keys: readonly string[]): T {
  const out = { ...fields }
  for (const key of keys) if (out[key] === null) delete out[key]
  return out
}
