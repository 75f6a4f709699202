// `$request->input()`: the query string merged with the JSON body (the body wins), after the
// TrimStrings and ConvertEmptyStringsToNull middleware.

export type Input = Record<string, unknown>

/** Trims every string and turns "" into null, recursively, as Laravel's global middleware does. */
export function normalize(value: unknown): unknown {
  if (typeof value === 'string') {
    const trimmed = value.trim()
    return trimmed === '' ? null : trimmed
  }
  if (Array.isArray(value)) return value.map(normalize)
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v)]))
  }
  return value
}

/** PHP's max_input_nesting_level: a variable nested deeper is dropped. */
const MAX_INPUT_NESTING = 64
/** json_decode's default depth: a document nested deeper decodes to null. */
export const MAX_JSON_DEPTH = 512

/** Whether arrays and objects nest deeper than `limit` in `value` (without recursion, whatever the depth). */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]]
  while (stack.length) {
    const [node, depth] = stack.pop()!
    if (!node || typeof node !== 'object') continue
    if (depth + 1 > limit) return true
    for (const child of Object.values(node)) stack.push([child, depth + 1])
  }
  return false
}

/** PHP's reading of a query string: `a[]=1&a[]=2` and `a[b]=1` build arrays; `filter[...]` stays for the query builder. */
export function parseQuery(params: URLSearchParams): Input {
  const out: Input = {}
  for (const [key, value] of params) {
    const match = /^([^[\]]+)((?:\[[^\]]*\])+)$/.exec(key)
    if (!match) {
      out[key] = value
      continue
    }
    const [, head = '', tail = ''] = match
    const path = [head, ...[...tail.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] ?? '')]
    if (path.length > MAX_INPUT_NESTING) continue
    let node = out as Record<string, unknown>
    path.forEach((segment, i) => {
      const last = i === path.length - 1
      const container = node as Record<string, unknown> | unknown[]
      if (Array.isArray(container)) {
        if (last) container.push(value)
        else {
          const next = {}
          container.push(next)
          node = next
        }
        return
      }
      if (last) {
        if (segment === '') return
        container[segment] = value
        return
      }
      const nextIsPush = path[i + 1] === ''
      const existing = container[segment]
      if (!existing || typeof existing !== 'object') container[segment] = nextIsPush ? [] : {}
      node = container[segment] as Record<string, unknown>
    })
  }
  return out
}

/** The body as Laravel reads it: a JSON object merges into the input; anything else adds nothing. */
export function mergeInput(query: Input, body: unknown): Input {
  const fromBody = body && typeof body === 'object' && !Array.isArray(body) ? (body as Input) : {}
  return normalize({ ...query, ...fromBody }) as Input
}

/** Laravel's Str::snake for the legacy camelCase names (`chargeVAT` -> `charge_vat`). */
export function snake(name: string): string {
  return name
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
}
