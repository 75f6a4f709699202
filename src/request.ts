// What a handler reads from a request, the Laravel way.
import type { Context } from 'hono'
import { decodeJson, MAX_JSON_DEPTH, mergeInput, parseQuery, type Input } from './laravel/input.js'

declare module 'hono' {
  interface ContextVariableMap {
    input: Input
  }
}

/** The request's URL without its query or a trailing slash: Laravel's `request()->url()`, the paginator's `path`. */
export function requestPath(c: Context): string {
  const url = new URL(c.req.url)
  return url.origin + url.pathname.replace(/(.)\/+$/, '$1')
}

export const searchParams = (c: Context) => new URL(c.req.url).searchParams

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
  const text = await c.req.text()
  const type = c.req.header('content-type') ?? ''
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
