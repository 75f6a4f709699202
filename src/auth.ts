// Laravel Passport's `auth:api` guard, `POST /login` and the public `GET /version`.
import { randomBytes } from 'node:crypto'
import type { Context } from 'hono'
import type { Schema } from './spec.js'
import { createRouter } from './http/routes.js'
import { Unauthenticated, LaravelError } from './laravel/errors.js'
import { validate } from './laravel/validate.js'
import { readInput } from './http/request.js'
import { requestHeader } from './http/node.js'
import type { Store, TokenRow, UserRow } from './store/store.js'

declare module 'hono' {
  interface ContextVariableMap {
    user: UserRow
  }
}

export const ADMIN_ROLE = 20
export const TECH_ROLE = 8
/** Admins and tech users see every record; a lower role (sales) sees only what it represents. */
export const seesEverything = (user: UserRow) => user.role >= TECH_ROLE

const TOKEN_LIFETIME_MS = 365 * 24 * 3600 * 1000 // Passport's personal access tokens: one year

/** The request's bearer token (`Bearer` in any case), if it has one. */
export const bearerToken = (c: Context): string | undefined =>
  /^Bearer\s+(\S+)\s*$/i.exec(requestHeader(c, 'authorization') ?? '')?.[1]

/** Resolves the bearer token to an active user of the first store that knows it, or throws Laravel's 401. */
export function createAuthenticator(stores: readonly Store[], clock: () => Date) {
  return function authenticate(c: Context): void {
    const presented = bearerToken(c)
    let store: Store | undefined
    let token: TokenRow | undefined
    for (const candidate of presented === undefined ? [] : stores) {
      token = candidate.tokenOf(presented!)
      if (token) {
        store = candidate
        break
      }
    }
    if (
      !store ||
      !token ||
      token.revoked ||
      (token.expires_at !== null && new Date(token.expires_at) <= clock())
    )
      throw new Unauthenticated()
    const user = store.users.get(token.user_id)
    if (!user?.active) throw new Unauthenticated()
    c.set('user', user)
  }
}

export function toUser(user: UserRow): Schema<'User'> {
  const { password: _password, ...rest } = user
  return rest
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** Passport's JWT header, the first segment of every token of the main sandbox. */
const JWT_HEADER = base64url({ typ: 'JWT', alg: 'RS256' })
/** A name that can stand as a token's segment as it is: base64url's characters (nginx hashes it unchanged). */
const SEGMENT_NAME = /^[A-Za-z0-9_-]+$/

/**
 * A token shaped like Passport's RS256 JWT; clients treat it as opaque. One bound to an isolated
 * sandbox has the sandbox's name for its first segment (its key id), so that a proxy in front of
 * several processes routes it by that name as it routes `X-Sandbox` (deploy/nginx.conf); the rest
 * is random. A name a segment cannot hold keeps the usual header: such a token works in one process.
 */
function issueToken(userId: number, now: Date, sandbox: string | null): string {
  const seconds = now.getTime() / 1000
  return [
    sandbox !== null && SEGMENT_NAME.test(sandbox) ? sandbox : JWT_HEADER,
    base64url({
      aud: '1',
      jti: randomBytes(40).toString('hex'),
      iat: seconds,
      nbf: seconds,
      exp: seconds + TOKEN_LIFETIME_MS / 1000,
      sub: String(userId),
      scopes: [],
    }),
    randomBytes(64).toString('base64url'),
  ].join('.')
}

export function createAuthRouter(deps: {
  clock: () => Date
  onLogin?: (token: string, c: Context) => void
}) {
  const router = createRouter()

  router.post('/login', async (c, respond) => {
    const store = c.get('store')
    const input = validate(await readInput(c), {
      email: ['required', 'string'],
      password: ['required', 'string'],
    })
    const email = String(input.email).toLowerCase()
    const user = store.userByEmail(email)
    if (!user || user.password !== input.password || !user.active)
      throw new LaravelError(401, 'Invalid credentials')
    const now = deps.clock()
    const token = issueToken(user.id, now, c.get('sandbox') ?? null)
    store.tokens.insert({
      token,
      user_id: user.id,
      expires_at: new Date(now.getTime() + TOKEN_LIFETIME_MS).toISOString(),
      revoked: false,
    })
    deps.onLogin?.(token, c)
    return respond(200, { token, user: toUser(user), teams: [], support_teams: [] })
  })

  router.get('/version', (_c, respond) =>
    respond(200, {
      version: '1.0',
      status: 'ok',
      vendor: 'blue_rock_tel',
      url: 'https://bluerocktel.com',
    }),
  )

  return router.routes
}
