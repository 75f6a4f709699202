// A resource's routes, registered under their spec paths with the types of spec.ts: each route
// runs the router's `before` (auth), its handler, then answers its reply (answer.ts). A route
// that waits for nothing answers without a promise.
import type { Context, Handler } from 'hono'
import type { Handlers, Method, Operation, PathsWith, Reply } from '../spec.js'
import { answerReply } from './answer.js'

export type RouterOptions = {
  /** Runs before every handler of the router (Laravel's auth:api comes before binding and validation). */
  before?: (c: Context) => void | Promise<void>
}

const makeReply = (status: number, body?: unknown) => ({ status, body })
/** An answer as a route of the engine makes it: a status and a JSON body. */
export type Answer = { status: number; body: unknown }
const toReply = (answer: Answer) => makeReply(answer.status, answer.body) as Reply<Operation>

/** Spec path to Hono path: `/v1/customers/{id}` -> `/v1/customers/:id`. */
export const toHonoPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1')

/** A route as a resource declares it: mounted under /api by the app's router (http/router.ts). */
export type Route = { method: string; path: string; handler: Handler }

export function createRouter(options: RouterOptions = {}) {
  const routes: Route[] = []
  const answer = (c: Context, reply: { status: number; body: unknown }) =>
    answerReply(c, reply.status, reply.body)
  const on =
    <M extends Method>(method: M) =>
    <P extends PathsWith<M>>(path: P, handler: Handlers<M>[P]) => {
      const handle = handler as (
        c: Context,
        r: unknown,
      ) => Reply<Operation> | Promise<Reply<Operation>>
      const run = (c: Context): Response | Promise<Response> => {
        const reply = handle(c, makeReply)
        return reply instanceof Promise ? reply.then((r) => answer(c, r)) : answer(c, reply)
      }
      // No promise where nothing waits: most GET handlers answer at once.
      const route: Handler = (c) => {
        const before = options.before?.(c)
        return before instanceof Promise ? before.then(() => run(c)) : run(c)
      }
      routes.push({ method: method.toUpperCase(), path: toHonoPath(path), handler: route })
    }
  /**
   * A route whose operation the caller reads from the contract at run time (the generic engine of
   * the request collection's resources): its answer is checked against the contract by the tests
   * and the kit, not by the compiler.
   */
  const route = (
    method: Method,
    path: string,
    handler: (c: Context) => Answer | Promise<Answer>,
  ): void =>
    on(method)(
      path as PathsWith<typeof method>,
      ((c: Context) => {
        const reply = handler(c)
        return reply instanceof Promise ? reply.then(toReply) : toReply(reply)
      }) as never,
    )
  return {
    routes,
    route,
    get: on('get'),
    post: on('post'),
    put: on('put'),
    patch: on('patch'),
    delete: on('delete'),
  }
}
