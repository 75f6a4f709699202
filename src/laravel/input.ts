// `$request->input()`: the query string merged with the JSON body (the body wins), after the
// TrimStrings and ConvertEmptyStringsToNull middleware.
import { BoundedMap } from '../bounded-map.js'

export type Input = Record<string, unknown>

/** Trims every string and turns "" into null, recursively, as Laravel's global middleware does. */
export function normalize(value: unknown): unknown {
  if (typeof value === 'string') {
    const trimmed = value.trim()
    return trimmed === '' ? null : trimmed
  }
  if (Array.isArray(value)) return value.map(normalize)
  if (value && typeof value === 'object') {
    // A loop rather than fromEntries(entries()): a parsed query has no prototype, and V8 reads
    // such an object's entries on its slow path.
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value)) {
      const item = normalize((value as Record<string, unknown>)[key])
      // `__proto__` is a key like any other, as fromEntries would make it.
      if (key === '__proto__')
        Object.defineProperty(out, key, {
          value: item,
          writable: true,
          enumerable: true,
          configurable: true,
        })
      else out[key] = item
    }
    return out
  }
  return value
}

/** PHP's max_input_nesting_level: a variable nested deeper (`a[b][c]...`) is dropped. */
const MAX_INPUT_NESTING = 64

/** PHP's json_decode depth (512, Laravel's default): a body nested deeper is not JSON to Laravel. */
export const MAX_JSON_DEPTH = 512

/** `json_decode($body, true)`: the value, or undefined when the text is not JSON or nests deeper than PHP allows. */
export function decodeJson(text: string): unknown {
  if (jsonDepth(text) > MAX_JSON_DEPTH) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/** How deep arrays and objects nest in JSON text, counted without parsing (what reads the value recurses as deep). */
function jsonDepth(text: string): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    if (inString) {
      if (ch === 0x5c) i++
      else if (ch === 0x22) inString = false
    } else if (ch === 0x22) inString = true
    else if (ch === 0x5b || ch === 0x7b) deepest = Math.max(deepest, ++depth)
    else if (ch === 0x5d || ch === 0x7d) depth--
  }
  return deepest
}

/** Query names seen before (of at most this length), each as the one string that served first. */
const queryKeys = new BoundedMap<string, string>(1000)
const MAX_QUERY_KEY_LENGTH = 64
/**
 * The string that served as `key` before: a name parsed from a query is a new string each time,
 * and a store under a new string misses V8's caches (the engine interns it first), which cost a
 * search at 100k customers some 3 µs and kept the function from being optimised at all.
 */
function knownKey(key: string): string {
  const known = queryKeys.get(key)
  if (known !== undefined) return known
  if (key.length <= MAX_QUERY_KEY_LENGTH) queryKeys.set(key, key)
  return key
}

/**
 * PHP's reading of a query string: `a[]=1&a[]=2` and `a[b]=1` build arrays; `filter[...]` stays for the query builder.
 * The objects have no prototype, so `__proto__[x]=1` is a key like any other (as in PHP), not a write to Object.prototype.
 */
export function parseQuery(params: URLSearchParams): Input {
  const out: Input = Object.create(null)
  for (const [key, value] of params) {
    const match = key.includes('[') ? /^([^[\]]+)((?:\[[^\]]*\])+)$/.exec(key) : null
    if (!match) {
      out[knownKey(key)] = value
      continue
    }
    const [, head = '', tail = ''] = match
    const path = [head, ...[...tail.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] ?? '')]
    if (path.length - 1 > MAX_INPUT_NESTING) continue
    let node = out as Record<string, unknown>
    path.forEach((segment, i) => {
      const last = i === path.length - 1
      const container = node as Record<string, unknown> | unknown[]
      if (Array.isArray(container)) {
        if (last) container.push(value)
        else {
          const next = Object.create(null)
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
      if (!existing || typeof existing !== 'object')
        container[segment] = nextIsPush ? [] : Object.create(null)
      node = container[segment] as Record<string, unknown>
    })
  }
  return out
}

/** The body as Laravel reads it: a JSON object merges into the input; anything else adds nothing. */
export function mergeInput(query: Input, body: unknown): Input {
  const fromBody =
    body && typeof body === 'object' && !Array.isArray(body) ? (body as Input) : undefined
  // normalize() answers a copy: without a body, of the query itself.
  return normalize(fromBody ? { ...query, ...fromBody } : query) as Input
}

/** Laravel's Str::snake for the legacy camelCase names (`chargeVAT` -> `charge_vat`). */
export function snake(name: string): string {
  return name
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
}
