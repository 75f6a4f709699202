// The sandbox in-process for tests: a fresh app per call of `createTestSandbox`, and `call`, which
// sends a request through app.request() and checks every /api answer against the contract.
import { expect } from 'vitest'
import { createApp, type AppOptions } from '../src/app.js'
import type { Dialect } from '../src/dialect.js'
import { cachedSeedState } from '../src/store/seed-cache.js'
import type { State } from '../src/store/store.js'
import { createConformance } from '../conformance/conforms.js'

export const TOKENS = {
  admin: 'sandbox-admin-token',
  tech: 'sandbox-tech-token',
  sales: 'sandbox-sales-token',
  expired: 'sandbox-expired-token',
} as const
export const USER_IDS = { admin: 1, tech: 2, sales: 3 } as const

const conformance = createConformance()
const seeded = new Map<number, string>()
/** The seeded state, generated once per seed and copied for each sandbox. */
export function seedState(seed = 42): State {
  if (!seeded.has(seed))
    seeded.set(seed, JSON.stringify(cachedSeedState(seed, { adminToken: TOKENS.admin })))
  return JSON.parse(seeded.get(seed)!) as State
}

/** Freezes `value` and everything it holds: a store that changed a row in place would throw. */
export function deepFreeze<T>(value: T): T {
  const pending: unknown[] = [value]
  while (pending.length) {
    const next = pending.pop()
    if (next && typeof next === 'object' && !Object.isFrozen(next))
      pending.push(...Object.values(Object.freeze(next)))
  }
  return value
}

const frozen = new Map<number, State>()
/**
 * The seeded state, frozen and shared: the store copies a row before it changes it, so every
 * sandbox can start from the same one (and one that wrote into it would throw).
 */
export function frozenSeedState(seed = 42): State {
  let state = frozen.get(seed)
  if (!state) frozen.set(seed, (state = deepFreeze(seedState(seed))))
  return state
}

export type CallOptions = {
  token?: string | null
  body?: unknown
  rawBody?: string
  headers?: Record<string, string>
  /** Skip the contract check (for answers the contract does not cover on purpose). */
  unchecked?: boolean
}
export type Answer = { status: number; body: any; headers: Headers }

export function createTestSandbox(
  options: { now?: Date; dialect?: Dialect; app?: Partial<AppOptions> } = {},
) {
  const now = options.now ?? new Date('2026-03-24T10:00:00Z')
  const app = createApp({
    state: frozenSeedState(),
    seedState: frozenSeedState,
    adminToken: TOKENS.admin,
    clock: () => now,
    dialect: options.dialect,
    ...options.app,
  })

  async function call(method: string, path: string, opts: CallOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers }
    const token = opts.token === undefined ? TOKENS.admin : opts.token
    if (token !== null) headers.Authorization = `Bearer ${token}`
    let body: string | undefined = opts.rawBody
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body)
      headers['Content-Type'] ??= 'application/json'
    }
    const res = await app.request(path, { method, headers, body })
    const text = await res.text()
    const parsed = text === '' ? undefined : JSON.parse(text)
    if (path.startsWith('/api/') && !opts.unchecked) {
      const verdict = conformance.check({
        method,
        url: path,
        status: res.status,
        contentType: res.headers.get('content-type'),
        body: parsed,
      })
      expect(
        verdict.ok ? [] : verdict.problems,
        `${method} ${path} answered ${res.status}`,
      ).toEqual([])
    }
    return { status: res.status, body: parsed, headers: res.headers }
  }

  return {
    app,
    call,
    get: (path: string, opts?: CallOptions) => call('GET', path, opts),
    post: (path: string, body?: unknown, opts?: CallOptions) =>
      call('POST', path, { ...opts, body }),
    put: (path: string, body?: unknown, opts?: CallOptions) => call('PUT', path, { ...opts, body }),
    delete: (path: string, opts?: CallOptions) => call('DELETE', path, opts),
  }
}
