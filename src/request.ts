// What a handler reads from a request, the Laravel way.
import type { IncomingMessage } from 'node:http'
import type { Context, MiddlewareHandler } from 'hono'
import { decodeJson, MAX_JSON_DEPTH, mergeInput, parseQuery, type Input } from './laravel/input.js'
import { PayloadTooLarge } from './laravel/errors.js'

declare module 'hono' {
  interface ContextVariableMap {
    input: Input
    /** The request body as text, once `readBody` has read it. */
    body: string
    /** The answer's headers so far (`answerHeader`). */
    answerHeaders: Record<string, string> | undefined
  }
}

const nodeRequest = (c: Context) => (c.env as { incoming?: IncomingMessage } | undefined)?.incoming

/**
 * A request header. On the Node server the headers are parsed already (`incoming.headers`);
 * asking the Fetch request builds a Headers object of all of them first, some 8 µs a request.
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = nodeRequest(c)
  if (!incoming) return c.req.header(name)
  const value = incoming.headers[name.toLowerCase()]
  return Array.isArray(value) ? value.join(', ') : value
}

/**
 * Adds a header to the request's answer (a repeated warning is appended). They are gathered in a
 * plain object: Hono's `c.header()` builds a Fetch `Headers`, which the Node server then copies
 * back into an object, some 4 µs an answer.
 */
export function answerHeader(c: Context, name: string, value: string): void {
  let headers = c.get('answerHeaders')
  if (!headers) c.set('answerHeaders', (headers = {}))
  headers[name] = headers[name] === undefined || name !== 'X-Sandbox-Warning' ? value : `${headers[name]}, ${value}`
}

/** The answer's gathered headers, handed over once: whoever takes them puts them on the answer. */
export function takeAnswerHeaders(c: Context): Record<string, string> | undefined {
  const headers = c.get('answerHeaders')
  if (headers) c.set('answerHeaders', undefined)
  return headers
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
  // A GET or HEAD carries no body (the Node server hands none over).
  const text = c.req.method === 'GET' || c.req.method === 'HEAD' ? '' : await requestBody(c)
  const type = requestHeader(c, 'content-type') ?? ''
  if (/application\/x-www-form-urlencoded/i.test(type)) {
    body = parseQuery(new URLSearchParams(text))
  } else if (text.trim() !== '' && !/\/json|\+json/i.test(type)) {
    answerHeader(c, 'X-Sandbox-Warning', 'The request body was ignored: its Content-Type is not application/json, and Laravel reads a JSON body only then.')
  } else if (text.trim() !== '') {
    body = decodeJson(text)
    if (body === undefined) answerHeader(c, 'X-Sandbox-Warning', `The request body is not valid JSON (or nests deeper than ${MAX_JSON_DEPTH} levels); it was ignored, as Laravel does.`)
  }
  const input = mergeInput(parseQuery(searchParams(c)), body)
  c.set('input', input)
  return input
}

/** The body, read once (the handler and the log both want it): by `readBody`, or here if it has not run. */
export async function requestBody(c: Context): Promise<string> {
  const read = c.get('body')
  if (read !== undefined) return read
  const text = await c.req.text()
  c.set('body', text)
  return text
}

/**
 * Reads the body of a request that has one before its handler runs, at most `maxBytes` of it:
 * past that, Laravel's 413 at once, whether a Content-Length said so or a chunked upload grew too
 * long (the rest is left unread; the Node server drains or closes the connection). On the Node
 * server it reads the `IncomingMessage` itself: going through a Fetch `Request` and its web stream
 * costs a POST about a third of its time.
 */
export const readBody =
  (maxBytes: number): MiddlewareHandler =>
  async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.get('body') === undefined) {
      if (Number(requestHeader(c, 'content-length')) > maxBytes) tooLarge(c)
      const incoming = nodeRequest(c)
      const text = incoming ? await readStream(incoming, maxBytes) : await c.req.text()
      if (text === null || (!incoming && Buffer.byteLength(text) > maxBytes)) tooLarge(c)
      c.set('body', text)
    }
    await next()
  }

function tooLarge(c: Context): never {
  c.set('body', '') // nothing to log, and nothing for the log to read again
  throw new PayloadTooLarge()
}

/** The stream's bytes as UTF-8 text, or null as soon as they pass `maxBytes`. */
function readStream(incoming: IncomingMessage, maxBytes: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = (result: string | null, error?: Error) => {
      incoming.off('data', onData).off('end', onEnd).off('error', onError)
      if (error) reject(error)
      else resolve(result)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBytes) {
        incoming.pause()
        done(null)
      } else chunks.push(chunk)
    }
    const onEnd = () => done(Buffer.concat(chunks, size).toString('utf8'))
    const onError = (error: Error) => done(null, error)
    incoming.on('data', onData).on('end', onEnd).on('error', onError)
  })
}
