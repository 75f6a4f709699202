// The one bridge between the generated types of the contract and Hono. A handler is registered
// under its spec path and answers only through `respond(status, body)`, so an undocumented
// status, or a body the schema does not allow, does not compile.
import { Hono, type Context, type Handler } from 'hono'
import type { components, paths } from './generated/openapi.js'
import { toJsonBytes } from './store/json-bytes.js'
import { takeAnswerHeaders, type NodeBindings } from './request.js'
import { createAnswerBuffers } from './answer-buffers.js'

export type Schema<N extends keyof components['schemas']> = components['schemas'][N]

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'
type Operation = { responses: Record<number, unknown> }
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never
type PathsWith<M extends Method> = { [P in keyof paths]: paths[P][M] extends Operation ? P : never }[keyof paths]
type OperationAt<P extends keyof paths, M extends Method> = Extract<paths[P][M], Operation>

declare const checked: unique symbol
/** An answer already checked against the spec; only `respond` makes one. */
export type Reply<Op extends Operation> = { status: number; body: unknown; [checked]: Op }
export type Respond<Op extends Operation> = <S extends keyof Op['responses'] & number>(
  status: S,
  ...body: [JsonOf<Op['responses'][S]>] extends [never] ? [] : [JsonOf<Op['responses'][S]>]
) => Reply<Op>
// Indexing a mapped type (rather than a generic parameter) keeps literal statuses and contextual typing.
type Handlers<M extends Method> = {
  [P in PathsWith<M>]: (c: Context, respond: Respond<OperationAt<P, M>>) => Reply<OperationAt<P, M>> | Promise<Reply<OperationAt<P, M>>>
}

declare module 'hono' {
  interface ContextVariableMap {
    /** Turns an answer's body into the JSON the client gets (the app sets it per request: the dialect). */
    encode: (body: unknown) => unknown
  }
}

export type RouterOptions = {
  /** Runs before every handler of the router (Laravel's auth:api comes before binding and validation). */
  before?: (c: Context) => void | Promise<void>
}

const makeReply = (status: number, body?: unknown) => ({ status, body })

/** Spec path to Hono path: `/v1/customers/{id}` -> `/v1/customers/:id`. */
export const toHonoPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1')

/** One pool of answer buffers for the whole process, every app and router alike. */
const answerBuffers = createAnswerBuffers()

export function createRouter(options: RouterOptions = {}) {
  const hono = new Hono()
  /** The handler's reply as the answer: JSON through the request's encoder (its dialect), with the gathered headers. */
  const answer = (c: Context, reply: { status: number; body: unknown }): Response => {
    if (reply.body === undefined) return c.body(null, reply.status as 200)
    const encode = c.get('encode')
    const body = encode ? encode(reply.body) : reply.body
    c.set('answer', body)
    // A Response of our own with a plain headers object, which the Node server writes as it is
    // (Hono's c.body() would make a Headers of it), of one shape whatever was gathered.
    const outgoing = (c.env as NodeBindings)?.outgoing
    const bytes = toJsonBytes(body, (length) => answerBuffers.take(length, outgoing))
    const headers: Record<string, string | number> = { 'Content-Type': 'application/json', 'Content-Length': bytes.length }
    const gathered = takeAnswerHeaders(c)
    if (gathered) for (const key in gathered) headers[key] = gathered[key]!
    return new Response(bytes, { status: reply.status, headers: headers as Record<string, string> })
  }
  const on =
    <M extends Method>(method: M) =>
    <P extends PathsWith<M>>(path: P, handler: Handlers<M>[P]) => {
      const handle = handler as (c: Context, r: unknown) => Reply<Operation> | Promise<Reply<Operation>>
      const run = (c: Context): Response | Promise<Response> => {
        const reply = handle(c, makeReply)
        return reply instanceof Promise ? reply.then((r) => answer(c, r)) : answer(c, reply)
      }
      // No promise where nothing waits: most GET handlers answer at once.
      const route: Handler = (c) => {
        const before = options.before?.(c)
        return before instanceof Promise ? before.then(() => run(c)) : run(c)
      }
      hono.on(method.toUpperCase(), toHonoPath(path), route)
    }
  return { hono, get: on('get'), post: on('post'), put: on('put'), patch: on('patch'), delete: on('delete') }
}
