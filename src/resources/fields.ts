// Turning validated input into column values, shared by every resource.
import type { Context } from 'hono'

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
