// The request's body: read once, from Node's stream, at most so many bytes (Laravel's 413 past
// that), before the handler runs; the handler and the log both read it from there.
import type { IncomingMessage } from 'node:http'
import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { PayloadTooLarge } from '../laravel/errors.js'
import { nodeRequest, nodeResponse, requestHeader } from './node.js'

declare module 'hono' {
  interface ContextVariableMap {
    /** The request body as text, once `readBody` has read it. */
    body: string
  }
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
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.get('body') !== undefined)
      return next()
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
  const outgoing = nodeResponse(c)
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
    const onError = () =>
      done(new HTTPException(400, { message: 'The request body ended before it was complete.' }))
    const onClose = () => void (incoming.complete || onError())
    incoming.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose)
  })
}
