// The answer's side of the wire: the headers gathered for it, and a reply turned into the bytes
// the client gets (cached row bytes, pooled buffers, a plain headers object).
import type { Context } from 'hono'
import { toJsonBytes } from '../store/json-bytes.js'
import { createAnswerBuffers } from './answer-buffers.js'
import { nodeResponse } from './node.js'

declare module 'hono' {
  interface ContextVariableMap {
    /** The answer's headers so far (`answerHeader`). */
    answerHeaders: Record<string, string> | undefined
    /** Turns an answer's body into the JSON the client gets (the pipeline sets it per request: the dialect). */
    encode: (body: unknown) => unknown
    /** The answer's body as sent (set by the routes and the error answer), for the log. */
    answer: unknown
  }
}

/**
 * Adds a header to the request's answer (a repeated warning is appended). They are gathered in a
 * plain object: Hono's `c.header()` builds a Fetch `Headers`, which the Node server then copies
 * back into an object, some 4 µs an answer.
 */
export function answerHeader(c: Context, name: string, value: string): void {
  let headers = c.get('answerHeaders')
  if (!headers) c.set('answerHeaders', (headers = {}))
  headers[name] =
    headers[name] === undefined || name !== 'X-Sandbox-Warning'
      ? value
      : `${headers[name]}, ${value}`
}

/** The answer's gathered headers, handed over once: whoever takes them puts them on the answer. */
export function takeAnswerHeaders(c: Context): Record<string, string> | undefined {
  const headers = c.get('answerHeaders')
  if (headers) c.set('answerHeaders', undefined)
  return headers
}

/** One pool of answer buffers for the whole process, every app and router alike. */
const answerBuffers = createAnswerBuffers()

/** A handler's reply as the answer: JSON through the request's encoder (its dialect), with the gathered headers. */
export function answerReply(c: Context, status: number, body: unknown): Response {
  if (body === undefined) return c.body(null, status as 200)
  const encode = c.get('encode')
  const encoded = encode ? encode(body) : body
  c.set('answer', encoded)
  // A Response of our own with a plain headers object, which the Node server writes as it is
  // (Hono's c.body() would make a Headers of it), of one shape whatever was gathered.
  const outgoing = nodeResponse(c)
  const bytes = toJsonBytes(encoded, (length) => answerBuffers.take(length, outgoing))
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json',
    'Content-Length': bytes.length,
  }
  const gathered = takeAnswerHeaders(c)
  if (gathered) for (const key in gathered) headers[key] = gathered[key]!
  return new Response(bytes, { status, headers: headers as Record<string, string> })
}
