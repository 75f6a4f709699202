// What a handler reads from a request, the Laravel way.
import type { IncomingMessage } from 'node:http'
import type { Context } from 'hono'
import { decodeJson, MAX_JSON_DEPTH, mergeInput, parseQuery, type Input } from './laravel/input.js'

declare module 'hono' {
  interface ContextVariableMap {
    input: Input
  }
}

/**
 * A request header. On the Node server the headers are parsed already (`incoming.headers`);
 * asking the Fetch request builds a Headers object of all of them first, some 8 µs a request.
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming
  if (!incoming) return c.req.header(name)
  const value = incoming.headers[name.toLowerCase()]
  return Array.isArray(value) ? value.join(', ') : value
}

const urls = new WeakMap<Context, URL>()
/** The request's URL, parsed once however many helpers read it. */
function urlOf(c: Context): URL {
  let url = urls.get(c)
  if (!url) urls.set(c, (url = new URL(c.req.url)))
  return url
}

/** The request's URL without its query or a trailing slash: Laravel's `request()->url()`, the paginator's `path`. */
export function requestPath(c: Context): string {
  const url = urlOf(c)
  return url.origin + url.pathname.replace(/(.)\/+$/, '$1')
}

export const searchParams = (c: Context): URLSearchParams => urlOf(c).searchParams

/**
 * `$request->input()`: the query string merged with the JSON body (the body wins), trimmed, ""
 * as null. Form-encoded bodies are read too. Like Laravel, a body that is not valid JSON adds
 * nothing, and neither does one whose Content-Type is not JSON (`Request::isJson()`); the sandbox
 * says so in an `X-Sandbox-Warning` header so that the client's mistake does not go unnoticed.
 */
export async function readInput(c: Context): Promise<Input> {
  const cached = c.get('input')
  if (cached) return cached
  let body: unknown
  // A GET or HEAD carries no body (the Node server hands none over); not asking for one spares building the Fetch Request.
  const text = c.req.method === 'GET' || c.req.method === 'HEAD' ? '' : await c.req.text()
  const type = requestHeader(c, 'content-type') ?? ''
  if (/application\/x-www-form-urlencoded/i.test(type)) {
    body = parseQuery(new URLSearchParams(text))
  } else if (text.trim() !== '' && !/\/json|\+json/i.test(type)) {
    c.header('X-Sandbox-Warning', 'The request body was ignored: its Content-Type is not application/json, and Laravel reads a JSON body only then.')
  } else if (text.trim() !== '') {
    body = decodeJson(text)
    if (body === undefined) c.header('X-Sandbox-Warning', `The request body is not valid JSON (or nests deeper than ${MAX_JSON_DEPTH} levels); it was ignored, as Laravel does.`)
  }
  const input = mergeInput(parseQuery(searchParams(c)), body)
  c.set('input', input)
  return input
}
