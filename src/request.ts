// What a handler reads from a request, the Laravel way.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Context, MiddlewareHandler } from 'hono'
import { decodeJson, MAX_JSON_DEPTH, mergeInput, parseQuery, type Input } from './laravel/input.js'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { PayloadTooLarge } from './laravel/errors.js'
import { BoundedMap } from './bounded-map.js'

declare module 'hono' {
  interface ContextVariableMap {
    input: Input
    /** The request body as text, once `readBody` has read it. */
    body: string
    /** The request's query (`searchParams`). */
    searchParams: URLSearchParams
    /** The answer's headers so far (`answerHeader`). */
    answerHeaders: Record<string, string> | undefined
  }
}

export type NodeBindings = { incoming?: IncomingMessage; outgoing?: ServerResponse } | undefined
const nodeRequest = (c: Context) => (c.env as NodeBindings)?.incoming

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

/** Request paths already seen, by the URL up to its query: a list is paged through again and again. */
const knownPaths = new BoundedMap<string, string>(1024)

/** The request's URL without its query or a trailing slash: Laravel's `request()->url()`, the paginator's `path`. */
export function requestPath(c: Context): string {
  const href = c.req.url
  const end = href.search(/[?#]/)
  // The origin and the path are all in what comes before the query and the fragment.
  const key = end < 0 ? href : href.slice(0, end)
  let path = knownPaths.get(key)
  if (path === undefined) {
    const url = new URL(key)
    path = url.origin + url.pathname.replace(/(.)\/+$/, '$1')
    knownPaths.set(key, path)
  }
  return path
}

/**
 * The request's query, parsed once however many helpers read it: from the request target as the
 * client sent it (what a URL's `searchParams` would hold), without parsing the whole URL.
 */
export function searchParams(c: Context): URLSearchParams {
  let params = c.get('searchParams')
  if (!params) {
    const target = nodeRequest(c)?.url ?? c.req.url
    const hash = target.indexOf('#')
    const end = hash < 0 ? target.length : hash
    const question = target.indexOf('?')
    params = lastOfRepeated(new URLSearchParams(question < 0 || question > end ? '' : target.slice(question + 1, end)))
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
  return new URLSearchParams(entries.filter(([key], i) => key.endsWith('[]') || lastIndex.get(key) === i))
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
    answerHeader(c, 'X-Sandbox-Warning', `The multipart body was ignored: PHP reads one for POST only (send it as POST with a _method=${c.req.method} field, as Laravel's forms do, or as JSON).`)
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
    answerHeader(c, 'X-Sandbox-Warning', 'The multipart body could not be read (a missing or wrong boundary?); it was ignored.')
    return undefined
  }
}

/** `readInput` in a GET route, whose request carries no body: at once, so that the route need not wait for anything. */
export function queryInput(c: Context): Input {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') throw new Error(`queryInput() read a ${c.req.method} request`)
  return c.get('input') ?? inputOf(c, '')
}

function inputOf(c: Context, text: string, form?: Input): Input {
  let body: unknown = form
  const type = requestHeader(c, 'content-type') ?? ''
  if (/application\/x-www-form-urlencoded/i.test(type)) {
    body = parseQuery(lastOfRepeated(new URLSearchParams(text)))
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
 * Reads the body of a request that has one before its handler runs, at most `maxBytes` of it
 * (Laravel's 413 past that). A body with a Content-Length, what clients send, is read from the
 * `IncomingMessage` itself once the length is known to fit: going through a Fetch `Request` and
 * its web stream cost a POST about 40% of its CPU. A chunked upload can grow past the limit while
 * it is read; Hono's bodyLimit counts it and answers 413 as soon as it does.
 */
export function readBody(maxBytes: number): MiddlewareHandler {
  const limitChunked = bodyLimit({ maxSize: maxBytes, onError: (c) => tooLarge(c) })
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.get('body') !== undefined) return next()
    const length = requestHeader(c, 'content-length')
    const incoming = nodeRequest(c)
    if (length === undefined || !incoming) {
      return limitChunked(c, async () => {
        await requestBody(c)
        await next()
      })
    }
    if (Number(length) > maxBytes) tooLarge(c)
    c.set('body', await readStream(incoming))
    await next()
  }
}

function tooLarge(c: Context): never {
  c.set('body', '') // nothing to log, and nothing for the log to read again
  lingerAfterAnswer(c)
  throw new PayloadTooLarge()
}

/** How long a connection refused with a 413 goes on reading (and dropping) the client's upload. */
const LINGER_MS = 2_000

/**
 * A lingering close (RFC 9112 §9.6). A 413 says `Connection: close`, and Node destroys the socket
 * as soon as the answer is written; a client still uploading then gets a reset (EPIPE) and may
 * never read the answer it was sent. So, once the answer is out, the socket's sending side is
 * ended as usual, but it is not destroyed: the rest of the upload is read and dropped (the Node
 * server drains the request) until the client closes, the Node server gives up draining, or
 * LINGER_MS pass.
 */
function lingerAfterAnswer(c: Context): void {
  const outgoing = (c.env as NodeBindings)?.outgoing
  const socket = outgoing?.socket
  if (!outgoing || !socket) return
  // Node's own 'finish' handler runs first and calls socket.destroySoon(): end now, destroy once ended.
  outgoing.once('finish', () => {
    if (socket.destroyed || !socket.listeners('finish').includes(socket.destroy)) return
    socket.removeListener('finish', socket.destroy)
    setTimeout(() => socket.destroy(), LINGER_MS).unref()
  })
}

/** The stream's bytes as UTF-8 text (the Node server has checked them against the Content-Length). */
function readStream(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    const done = (error?: Error) => {
      incoming.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose)
      if (error) reject(error)
      else resolve(Buffer.concat(chunks).toString('utf8'))
    }
    const onData = (chunk: Buffer) => void chunks.push(chunk)
    const onEnd = () => done()
    // A client that goes away mid-upload: nobody reads the answer, but the log says what happened.
    const onError = () => done(new HTTPException(400, { message: 'The request body ended before it was complete.' }))
    const onClose = () => void (incoming.complete || onError())
    incoming.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose)
  })
}
