// The app's router: Hono's, remembering the routes of the paths it matched last, and answering
// only the first of the routes that match when it is an API route.
import type { Hono, Context, Next } from 'hono'
import type { H, RouterRoute } from 'hono/types'
import { TrieRouter } from 'hono/router/trie-router'
import type { Result, Router } from 'hono/router'
import { MethodNotAllowed, RouteNotFound } from '../laravel/errors.js'
import { allowedMethods } from '../spec-document.js'
import { createMemo } from './memo.js'
import type { Route } from './routes.js'

type Match = Result<[H, RouterRoute]>
/** Runs a request through the pipeline around its route's handler (pipeline.ts). */
export type Serve = (
  c: Context,
  handle: () => Response | Promise<Response>,
) => Response | Promise<Response>

/** An API route's handler answers, and never calls the next. */
const noNext = async () => {}

/** How many paths' routes the router remembers, and how long a path it remembers. */
const ROUTE_CACHE = { entries: 4096, pathLength: 256 }

/**
 * Laravel's paths (a static `/v1/customers/customer_accounts/{account}` beside
 * `/v1/customers/{id}`) are more than Hono's RegExpRouter can take, so it is Hono's TrieRouter,
 * which took about a tenth of a GET by id's time: a path's routes never change once the app is
 * built, so they are remembered. Hono's
 * routers answer every route that matches (`/v1/customers/search` is also `/v1/customers/{id}`),
 * and more than one makes Hono compose them, an async step each; an API route answers and never
 * calls the next, so the first one is the whole answer, as in Laravel. A handler registered after
 * an API route that the route would hide (`app.use('/api/*', mw)` once the app is built) would
 * never run for it: the router refuses it, rather than let it be silently skipped.
 */
export function createApiRouter() {
  const apiRoutes = new WeakSet<H>()
  /** The API's routes so far, as a method and a path that each answers (`:id` as `1`). */
  const apiRequests: { method: string; path: string }[] = []
  // The TrieRouter alone: a SmartRouter would build the RegExpRouter's matcher on the first
  // request (some 10 ms of every start-up), only for it to give up on these paths.
  const router = new TrieRouter<[H, RouterRoute]>()
  const match = (method: string, path: string): Match => {
    const result = router.match(method, path)
    const [matches] = result
    if (matches.length < 2 || !apiRoutes.has(matches[0]![0][0])) return result
    return (result.length === 2 ? [[matches[0]!], result[1]] : [[matches[0]!]]) as Match
  }
  const remembered = createMemo(ROUTE_CACHE.entries, (key: string) => {
    const space = key.indexOf(' ')
    return match(key.slice(0, space), key.slice(space + 1))
  })

  const refuseHidden = (method: string, path: string) => {
    if (apiRequests.length === 0) return
    const probe = new TrieRouter<true>()
    probe.add(method, path, true)
    const hidden = apiRequests.find(
      (request) => probe.match(request.method, request.path)[0].length > 0,
    )
    if (!hidden) return
    throw new Error(
      `${method === 'ALL' ? 'A middleware' : `A ${method} route`} on ${path} was registered after the API's routes, and would never run for them ` +
        `(${hidden.method} ${hidden.path} answers first, without middleware): make it a stage of src/http/pipeline.ts, or register it on a path outside /api.`,
    )
  }

  const hono: Router<[H, RouterRoute]> = {
    name: 'FirstApiRoute',
    add(method, path, handler) {
      if (!apiRoutes.has(handler[0])) refuseHidden(method, path)
      router.add(method, path, handler)
    },
    match(method, path) {
      return path.length > ROUTE_CACHE.pathLength
        ? match(method, path)
        : remembered(`${method} ${path}`)
    },
  }

  /** Mounts a resource's router under /api: each route is its own, with `serve` around it and no middleware. */
  const mount = (app: Hono, routes: readonly Route[], serve: Serve) => {
    for (const route of routes) {
      const handler = route.handler as (c: Context, next: Next) => Response | Promise<Response>
      const apiRoute = (c: Context) => serve(c, () => handler(c, noNext))
      apiRoutes.add(apiRoute)
      const path = `/api${route.path}`
      app.on(route.method, path, apiRoute)
      apiRequests.push({ method: route.method, path: path.replace(/\/:[^/]+/g, '/1') })
    }
  }
  return { router: hono, mount }
}

/**
 * The answer to a path no route answers: Laravel's 405 with `Allow` for a documented path and
 * another method (200 with `Allow` for an OPTIONS), else its 404.
 */
export function createNotFound(serve: Serve) {
  return (c: Context): Response | Promise<Response> => {
    const answer = () => {
      const path = new URL(c.req.url).pathname
      const allowed = path.startsWith('/api/') ? allowedMethods(path.slice('/api'.length)) : []
      if (c.req.method === 'OPTIONS' && allowed.length)
        return c.body(null, 200, { Allow: allowed.join(',') })
      throw allowed.length
        ? new MethodNotAllowed(c.req.method, path, allowed)
        : new RouteNotFound(path)
    }
    // A path no route and no middleware knows has not been through `serve` yet (which chooses its store).
    return c.get('store') ? answer() : serve(c, answer)
  }
}
