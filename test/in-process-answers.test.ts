// The app read in-process (app.fetch, as the proxy's diff sandbox does) once a server runs in the
// same process: @hono/node-server then puts its own Response in place of the global one, which
// keeps headers set after the answer was made apart from its body. A reader that takes the body
// first must still see every header the sandbox gives.
import { describe, it, expect, beforeAll } from 'vitest'
import { inspect } from 'node:util'
import { getRequestListener } from '@hono/node-server'
import { createTestSandbox } from './sandbox.js'

describe('answers read in-process beside a Node server', () => {
  beforeAll(() => {
    getRequestListener(() => new Response(''))
    // The premise: the server's Response is now the global one.
    expect(inspect(new Response(''))).toMatch(/^Response \(lightweight\)/)
  })

  it('keep a warning given after the answer was made (legacy names, seeds/000 names the documented ones)', async () => {
    const s = createTestSandbox()
    const answer = await s.put('/api/v1/customers/42', { onCallDuty: true })
    expect(answer.status).toBe(200)
    expect(answer.headers.get('x-sandbox-warning')).toMatch(/uses legacy names \(onCallDuty\)/)
  })

  it("keep the dialect and the sandbox on a simulated fault's answer, given before it was made", async () => {
    const s = createTestSandbox()
    await s.post('/__mock/faults', { path: '/v1/customers', status: 503, count: 1 })
    const failed = await s.get('/api/v1/customers', { unchecked: true })
    expect(failed.status).toBe(503)
    expect(failed.headers.get('x-sandbox-simulated')).toBe('code=503')
    expect(failed.headers.get('x-bluerocktel-dialect')).toBe('docs')
    const named = await s.get('/api/v1/customers/42', { headers: { 'X-Sandbox': 'in-process' } })
    expect(named.headers.get('x-sandbox')).toBe('in-process')
  })

  it('keep the CORS headers of an answer to a cross-origin request', async () => {
    const s = createTestSandbox()
    const answer = await s.get('/api/v1/customers/42', {
      headers: { Origin: 'http://localhost:3000' },
    })
    expect(answer.status).toBe(200)
    expect(answer.headers.get('access-control-allow-origin')).toBe('*')
    expect(answer.headers.get('access-control-expose-headers')).toContain('X-Sandbox-Warning')
  })
})
