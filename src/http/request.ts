// What a handler reads from a request, the Laravel way: its input, its query, its path.
import type { Context } from 'hono'
import { decodeJson, MAX_JSON_DEPTH, mergeInput, parseQuery, type Input } from '../laravel/input.js'
import { requestHeader, requestTarget } from './node.js'
import { answerHeader } from './answer.js'
import { requestBody } from './body.js'
import { createMemo } from './memo.js'

declare module 'hono' {
  interface ContextVariableMap {
    input: Input
    /** The request's query (`searchParams`). */
    searchParams: URLSearchParams
  }
}

/** The path of a URL up to its query, remembered: a list is paged through again and again. */
const pathOf = createMemo(1024, (href: string) => {
  const url = new URL(href)
  return url.origin + url.pathname.replace(/(.)\/+$/, '$1')
})

/** The request's URL without its query or a trailing slash: Laravel's `request()->url()`, the paginator's `path`. */
export function requestPath(c: Context): string {
  const href = c.req.url
  const end = href.search(/[?#]/)
  // The origin and the path are all in what comes before the query and the fragment.
  return pathOf(end < 0 ? href : href.slice(0, end))
}

/**
 * The request's query, parsed once however many helpers read it: from the request target as the
 * client sent it (what a URL's `searchParams` would hold), without parsing the whole URL.
 */
export function searchParams(c: Context): URLSearchParams {
  let params = c.get('searchParams')
  if (!params) {
    const target = requestTarget(c)
    const hash = target.indexOf('#')
    const end = hash < 0 ? target.length : hash
    const question = target.indexOf('?')
    params = lastOfRepeated(
      new URLSearchParams(question < 0 || question > end ? '' : target.slice(question + 1, end)),
    )
    c.set('searchParams', params)
  }
  return params
}

/**
 * PHP's reading of a repeated name: `per_page=5&per_page=50` is 50, the last; only a name that
 * ends in `[]` (`filter[id][]=1&filter[id][]=2`) collects every value. Every route reads its
 * query through here, so `page`, `sort`, `include` and `filter[x]` all keep their last value.
 */
export function lastOfRepeated(params: URLSearchParams): URLSearchParams {
  if (params.size < 2) return params
  const seen = new Set<string>()
  let repeated = false
  for (const key of params.keys()) {
    if (seen.has(key) && !key.endsWith('[]')) repeated = true
    seen.add(key)
  }
  if (!repeated) return params
  const entries = [...params]
  const lastIndex = new Map(entries.map(([key], i) => [key, i]))
  return new URLSearchParams(
    entries.filter(([key], i) => key.endsWith('[]') || lastIndex.get(key) === i),
  )
}

/**
 * `$request->input()`: the query string merged with the JSON body (the body wins), trimmed, ""
 * as null. Form-encoded bodies are read too, and multipart ones of a POST (PHP fills `$_POST` from
 * a multipart body for POST only; a file part is a file, not input). Like Laravel, a body that is
 * not valid JSON adds nothing, and neither does one whose Content-Type is not JSON
 * (`Request::isJson()`); the sandbox says so in an `X-Sandbox-Warning` header so that the
 * client's mistake does not go unnoticed.
 */
export async function readInput(c: Context): Promise<Input> {
  const cached = c.get('input')
  if (cached) return cached
  // A GET or HEAD carries no body (the Node server hands none over).
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return inputOf(c, '')
  const text = await requestBody(c)
  const type = requestHeader(c, 'content-type') ?? ''
  if (!/^\s*multipart\/form-data/i.test(type)) return inputOf(c, text)
  if (c.req.method !== 'POST') {
    answerHeader(
      c,
      'X-Sandbox-Warning',
      `The multipart body was ignored: PHP reads one for POST only (send it as POST with a _method=${c.req.method} field, as Laravel's forms do, or as JSON).`,
    )
    return inputOf(c, '')
  }
  return inputOf(c, '', await formFields(c, text, type))
}

/** A multipart body's fields as PHP reads them (`a[b]=1` nests, a repeated name keeps its last value). */
async function formFields(c: Context, text: string, type: string): Promise<Input | undefined> {
  try {
    const form = await new Response(text, { headers: { 'content-type': type } }).formData()
    const fields = new URLSearchParams()
    for (const [key, value] of form) if (typeof value === 'string') fields.append(key, value)
    return parseQuery(lastOfRepeated(fields))
  } catch {
    answerHeader(
      c,
      'X-Sandbox-Warning',
      'The multipart body could not be read (a missing or wrong boundary?); it was ignored.',
    )
    return undefined
  }
}

/** `readInput` in a GET route, whose request carries no body: at once, so that the route need not wait for anything. */
export function queryInput(c: Context): Input {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD')
    throw new Error(`queryInput() read a ${c.req.method} request`)
  return c.get('input') ?? inputOf(c, '')
}

function inputOf(c: Context, text: string, form?: Input): Input {
  let body: unknown = form
  const type = requestHeader(c, 'content-type') ?? ''
  if (/application\/x-www-form-urlencoded/i.test(type)) {
    body = parseQuery(lastOfRepeated(new URLSearchParams(text)))
  } else if (text.trim() !== '' && !/\/json|\+json/i.test(type)) {
    answerHeader(
      c,
      'X-Sandbox-Warning',
      'The request body was ignored: its Content-Type is not application/json, and Laravel reads a JSON body only then.',
    )
  } else if (text.trim() !== '') {
    body = decodeJson(text)
    if (body === undefined)
      answerHeader(
        c,
        'X-Sandbox-Warning',
        `The request body is not valid JSON (or nests deeper than ${MAX_JSON_DEPTH} levels); it was ignored, as Laravel does.`,
      )
  }
  const input = mergeInput(parseQuery(searchParams(c)), body)
  c.set('input', input)
  return input
}

/** `?sandbox=` names the sandbox as `X-Sandbox` does; the query is parsed only when it may hold one. */
export function querySandbox(c: Context): string | undefined {
  const url = c.req.url
  const question = url.indexOf('?')
  if (question < 0 || !url.includes('sandbox=', question)) return undefined
  // PHP keeps the last of a repeated key.
  return new URLSearchParams(url.slice(question + 1)).getAll('sandbox').at(-1)
}

/** A request that may carry a body (and may change something). */
export const writes = (c: Context) => c.req.method !== 'GET' && c.req.method !== 'HEAD'

/** A file part of a multipart body: what the sandbox keeps of an upload (never its bytes). */
export type Upload = { field: string; name: string; type: string; size: number }

/** The file parts of a multipart POST (PHP's `$_FILES`); none for any other request. */
export async function readUploads(c: Context): Promise<Upload[]> {
  const type = requestHeader(c, 'content-type') ?? ''
  if (c.req.method !== 'POST' || !/^\s*multipart\/form-data/i.test(type)) return []
  try {
    const text = await requestBody(c)
    const form = await new Response(text, { headers: { 'content-type': type } }).formData()
    const files: Upload[] = []
    for (const [field, value] of form)
      if (typeof value !== 'string')
        files.push({
          field,
          name: value.name,
          type: value.type || 'application/octet-stream',
          size: value.size,
        })
    return files
  } catch {
    return []
  }
}
