import { describe, it, expect } from 'vitest'
import { createTestSandbox, TOKENS } from '../test/sandbox.js'

describe('auth:api (Laravel Passport)', () => {
  it.each([
    ['no token', null],
    ['an unknown token', 'not-a-token'],
    ['an expired token', TOKENS.expired],
  ])('answers 401 Unauthenticated. with %s', async (_case, token) => {
    const s = createTestSandbox()
    const answer = await s.get('/api/v1/customers', { token })
    expect(answer.status).toBe(401)
    expect(answer.body).toEqual({ message: 'Unauthenticated.' })
  })

  it('reads the Bearer prefix case-insensitively', async () => {
    const s = createTestSandbox()
    const answer = await s.get('/api/v1/customers/42', {
      token: null,
      headers: { Authorization: `bearer ${TOKENS.tech}` },
    })
    expect(answer.status).toBe(200)
  })

  it('checks the token before route model binding and validation (401 wins over 404 and 422)', async () => {
    const s = createTestSandbox()
    expect((await s.get('/api/v1/customers/99999', { token: null })).status).toBe(401)
    expect((await s.post('/api/v1/customers', {}, { token: null })).status).toBe(401)
  })

  it('answers an unknown route with 404 even without a token (the route is matched first)', async () => {
    const s = createTestSandbox()
    const answer = await s.get('/api/v1/nope', { token: null, unchecked: true })
    expect(answer.status).toBe(404)
    expect(answer.body).toEqual({ message: 'The route api/v1/nope could not be found.' })
  })
})

describe('POST /login', () => {
  it('answers a token, the user and their teams for credentials in the body', async () => {
    const s = createTestSandbox()
    const login = await s.post(
      '/api/login',
      { email: 'admin@example.com', password: 'admin-password' },
      { token: null },
    )
    expect(login.status).toBe(200)
    expect(login.body.token.split('.')).toHaveLength(3)
    expect(login.body.user).toMatchObject({ id: 1, email: 'admin@example.com' })
    expect(login.body.user.password).toBeUndefined()
    expect((await s.get('/api/v1/customers/42', { token: login.body.token })).status).toBe(200)
  })

  it('takes the credentials in the query string with an empty JSON body, as the official PHP SDK sends them', async () => {
    const s = createTestSandbox()
    const login = await s.call('POST', '/api/login?email=demo%40bluerocktel.com&password=secret', {
      token: null,
      headers: { 'Content-Type': 'application/json' },
    })
    expect(login.status).toBe(200)
    expect(login.body.user.email).toBe('demo@bluerocktel.com')
  })

  it('answers 401 for a wrong password and 422 without credentials', async () => {
    const s = createTestSandbox()
    expect(
      (
        await s.post(
          '/api/login',
          { email: 'admin@example.com', password: 'nope' },
          { token: null },
        )
      ).status,
    ).toBe(401)
    const missing = await s.post('/api/login', {}, { token: null })
    expect(missing.status).toBe(422)
    expect(Object.keys(missing.body.errors)).toEqual(['email', 'password'])
  })
})

describe("POST /login: the token's form", () => {
  const ADMIN = { email: 'admin@example.com', password: 'admin-password' }
  const JWT_HEADER = Buffer.from('{"typ":"JWT","alg":"RS256"}').toString('base64url')
  const segments = (token: string) => token.split('.')

  it("answers a token of the main sandbox shaped like Passport's RS256 JWT: header, payload, signature", async () => {
    const s = createTestSandbox()
    const [header, payload, signature] = segments(
      (await s.post('/api/login', ADMIN, { token: null })).body.token,
    )
    expect(header).toBe(JWT_HEADER)
    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString())).toMatchObject({
      aud: '1',
      sub: '1',
      scopes: [],
    })
    expect(Buffer.from(signature!, 'base64url')).toHaveLength(64)
  })

  it("puts the sandbox's name first in a token bound to it, for a proxy to route by, and keeps the rest random", async () => {
    const s = createTestSandbox()
    const login = () =>
      s.post('/api/login', ADMIN, { token: null, headers: { 'X-Sandbox': 'job-1234_a' } })
    const [first, second] = [
      (await login()).body.token as string,
      (await login()).body.token as string,
    ]
    expect(segments(first)[0]).toBe('job-1234_a')
    expect(segments(second)[0]).toBe('job-1234_a')
    expect(segments(first)[1]).not.toBe(segments(second)[1])
    expect(segments(first)[2]).not.toBe(segments(second)[2])
    expect((await s.get('/api/v1/customers/42', { token: first })).headers.get('x-sandbox')).toBe(
      'job-1234_a',
    )
  })

  it('keeps the usual header for a sandbox whose name a segment cannot hold, and binds the token all the same', async () => {
    const s = createTestSandbox()
    const token = (
      await s.post('/api/login', ADMIN, { token: null, headers: { 'X-Sandbox': 'job 1.2' } })
    ).body.token as string
    expect(segments(token)).toHaveLength(3)
    expect(segments(token)[0]).toBe(JWT_HEADER)
    expect((await s.get('/api/v1/customers/42', { token })).headers.get('x-sandbox')).toBe(
      'job 1.2',
    )
  })
})

describe('GET /version', () => {
  it('answers without a token', async () => {
    const s = createTestSandbox()
    const answer = await s.get('/api/version', { token: null })
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({ version: '1.0', status: 'ok' })
  })
})
