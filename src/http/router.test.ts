import { describe, it, expect } from 'vitest'
import type { MiddlewareHandler } from 'hono'
import { createTestSandbox } from '../../test/sandbox.js'
import { createRouter } from './routes.js'

const noop: MiddlewareHandler = async (_c, next) => next()

describe('the API router', () => {
  it('refuses, when the app is built, a middleware on /api that the API routes would never run', () => {
    const { app } = createTestSandbox()
    expect(() => app.use('/api/*', noop)).toThrow(
      /A middleware on \/api\/\* was registered after the API's routes, and would never run for them \(POST \/api\/login answers first, without middleware\): make it a stage of src\/http\/pipeline\.ts/,
    )
    expect(() => app.use(noop)).toThrow(/would never run for them/)
    expect(() => app.get('/api/v1/customers/:id', (c) => c.text('hidden'))).toThrow(
      /A GET route on \/api\/v1\/customers\/:id was registered after the API's routes, and would never run for them \(GET \/api\/v1\/customers\/search answers first/,
    )
  })

  it('takes a middleware or a route the API routes leave alone, and runs it', async () => {
    const s = createTestSandbox()
    s.app.use('/elsewhere/*', async (c, next) => {
      await next()
      c.res.headers.set('X-Seen', 'yes')
    })
    s.app.get('/elsewhere/ping', (c) => c.json({ pong: true }))
    const res = await s.app.request('/elsewhere/ping')
    expect(res.status).toBe(200)
    expect(res.headers.get('X-Seen')).toBe('yes')
    expect((await s.get('/api/v1/customers/42')).status).toBe(200)
  })

  it('answers only through respond(), typed by the contract (checked by tsc)', () => {
    const router = createRouter()
    // @ts-expect-error 418 is no status of GET /v1/customers/{id}
    router.get('/v1/customers/{id}', (_c, respond) => respond(418, { message: 'teapot' }))
    // @ts-expect-error a 404's body is Laravel's { message }
    router.get('/v1/customers/{id}', (_c, respond) => respond(404, { error: 'nope' }))
    // @ts-expect-error no such spec path
    router.get('/v1/customer/{id}', (_c, respond) => respond(404, { message: 'nope' }))
    router.get('/v1/customers/{id}', (_c, respond) =>
      respond(404, { message: 'No query results for model [App\\Customer] 1' }),
    )
    expect(router.routes).toHaveLength(4)
  })
})
