// Turning validated input into column values, shared by every resource.
import type { Context } from 'hono'
import { NotFound } from '../laravel/errors.js'
import { isInteger } from '../laravel/validate.js'
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
