// The Node server's own objects behind a request (`c.env` under @hono/node-server): what the
// sandbox reads there instead of building Fetch objects. Absent under app.request() in tests,
// where each reader falls back on the Fetch request.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Context } from 'hono'

type NodeBindings = { incoming?: IncomingMessage; outgoing?: ServerResponse } | undefined

export const nodeRequest = (c: Context): IncomingMessage | undefined =>
  (c.env as NodeBindings)?.incoming
export const nodeResponse = (c: Context): ServerResponse | undefined =>
  (c.env as NodeBindings)?.outgoing

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

/** The request target as the client sent it (path and query), without parsing the whole URL. */
export const requestTarget = (c: Context): string => nodeRequest(c)?.url ?? c.req.url
