// The sandbox that `--diff` compares the instance with: an app of the proxy's own, in process,
// isolated from any other (its own state, from a seed or a recording). Each request the proxy
// forwards is also sent to it, writes included, so that state-dependent answers stay comparable.
// The instance's tokens mean nothing here: a token the sandbox knows is kept, a token the instance
// gave at login is traded for the one the sandbox gave for the same login, any other for the
// admin's.
import { createApp } from '../app.js'
import { fixtureUsers } from '../store/seed.js'
import { cachedSeedState } from '../store/seed-cache.js'
import type { State } from '../store/store.js'

/** The sandbox's answer, and the token it was asked with (the instance's, traded for its own). */
export type SandboxAnswer = { status: number; headers: Headers; text: string; token?: string }

export function createDiffSandbox(options: { seed: number; state?: State; adminToken?: string }) {
  const adminToken = options.adminToken ?? 'sandbox-admin-token'
  const seedState = (seed: number) => cachedSeedState(seed, { adminToken })
  const app = createApp({
    state: options.state ?? seedState(options.seed),
    seedState,
    adminToken,
  })
  const known = new Set([adminToken, ...fixtureUsers().map((u) => u.token)])
  const traded = new Map<string, string>()

  function tokenFor(header: string | null): string {
    const token = /^\s*bearer\s+(\S+)/i.exec(header ?? '')?.[1]
    if (token && known.has(token)) return token
    return (token && traded.get(token)) ?? adminToken
  }

  return {
    /**
     * The sandbox's answer to the request the instance answered with `upstream` (`text`): `path`
     * is under /api, with its query.
     */
    async answer(
      request: Request,
      path: string,
      body: string,
      upstream: Response,
      text: string,
    ): Promise<SandboxAnswer> {
      const headers = new Headers(request.headers)
      headers.delete('host')
      headers.delete('content-length')
      const token = headers.has('authorization')
        ? tokenFor(headers.get('authorization'))
        : undefined
      if (token) headers.set('authorization', `Bearer ${token}`)
      // The same origin as the instance's answer, so that the URLs a paginator builds compare.
      const origin = new URL(upstream.url || request.url).origin
      const answer = await app.fetch(
        new Request(`${origin}/api${path}`, {
          method: request.method,
          headers,
          body: body && !['GET', 'HEAD'].includes(request.method) ? body : undefined,
        }),
      )
      const own = await answer.text()
      if (path.startsWith('/login') && answer.status === 200 && upstream.status === 200) {
        const theirs = tokenOf(text)
        const ours = tokenOf(own)
        if (theirs && ours) traded.set(theirs, ours)
      }
      return { status: answer.status, headers: answer.headers, text: own, token }
    },
  }
}

const tokenOf = (text: string): string | undefined => {
  try {
    const token = (JSON.parse(text) as { token?: unknown }).token
    return typeof token === 'string' ? token : undefined
  } catch {
    return undefined
  }
}

export type DiffSandbox = ReturnType<typeof createDiffSandbox>
