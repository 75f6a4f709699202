import { describe, it, expect } from 'vitest'
import { createTestSandbox } from '../test/sandbox.js'
import { createSeedState } from './store/seed.js'
import { specDocument } from './spec-document.js'
import { toHonoPath } from './http/routes.js'

/** Tags whose operations are not served yet; the test below fails when one of them is. */
const PENDING_TAGS: string[] = []

describe('createApp', () => {
  it('serves every operation of the contract (but the pending ones, which it does not serve yet)', () => {
    const { app } = createTestSandbox()
    const served = new Set(
      app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`),
    )
    const operations = Object.entries(specDocument.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, { tags: string[] }>)
        .filter(([method]) => method !== 'parameters')
        .map(([method, op]) => ({
          key: `${method.toUpperCase()} /api${toHonoPath(path)}`,
          tag: op.tags[0]!,
        })),
    )
    const missing = operations
      .filter((o) => !PENDING_TAGS.includes(o.tag) && !served.has(o.key))
      .map((o) => o.key)
    const early = operations
      .filter((o) => PENDING_TAGS.includes(o.tag) && served.has(o.key))
      .map((o) => o.key)
    expect(missing).toEqual([])
    expect(early, 'served: remove their tag from PENDING_TAGS').toEqual([])
  })

  it('serves the bundled contract at /openapi.json', async () => {
    const s = createTestSandbox()
    const answer = await s.get('/openapi.json', { token: null })
    expect(answer.body).toEqual(specDocument)
  })

  it("answers 405 with Laravel's message and an Allow header for a known path and another method", async () => {
    const s = createTestSandbox()
    const answer = await s.call('POST', '/api/v1/customers/42', { unchecked: true })
    expect(answer.status).toBe(405)
    expect(answer.headers.get('allow')).toBe('GET, HEAD, PUT, DELETE')
    expect(answer.body).toEqual({
      message:
        'The POST method is not supported for route api/v1/customers/42. Supported methods: GET, HEAD, PUT, DELETE.',
    })
  })

  it("ignores a trailing slash, as Laravel's router does", async () => {
    const s = createTestSandbox()
    const answer = await s.call('GET', '/api/v1/customers/42/', { unchecked: true })
    expect(answer.status).toBe(200)
    expect(answer.body.id).toBe(42)
    const page = await s.call('GET', '/api/v1/customers/', { unchecked: true })
    expect(page.body).toMatchObject({
      total: 150,
      path: 'http://localhost/api/v1/customers',
      next_page_url: 'http://localhost/api/v1/customers?page=2',
    })
    const post = await s.call('POST', '/api/v1/customers/42/', { unchecked: true })
    expect(post.status).toBe(405)
    expect(post.body.message).toBe(
      'The POST method is not supported for route api/v1/customers/42. Supported methods: GET, HEAD, PUT, DELETE.',
    )
  })

  it('answers OPTIONS on a known path with 200 and Allow', async () => {
    const s = createTestSandbox()
    const res = await s.app.request('/api/v1/customers', { method: 'OPTIONS' })
    expect(res.status).toBe(200)
    expect(res.headers.get('allow')).toBe('GET,HEAD,POST')
  })

  it('answers 413 with a JSON body for a request body over 1 MiB', async () => {
    const s = createTestSandbox()
    const answer = await s.call('POST', '/api/v1/customers', {
      rawBody: JSON.stringify({ name: 'x'.repeat(1_100_000) }),
      headers: { 'Content-Type': 'application/json' },
      unchecked: true,
    })
    expect(answer.status).toBe(413)
    expect(answer.body.message).toMatch(/too large/)
  })
})

it("puts the sandbox's headers on every API answer: routed, refused by a middleware, or a 404", async () => {
  const s = createTestSandbox()
  const answers = [
    await s.get('/api/v1/customers/42', { headers: { 'X-Sandbox': 'headers-test' } }),
    await s.call('POST', '/api/v1/customers', {
      rawBody: 'x'.repeat(1_100_000),
      headers: { 'X-Sandbox': 'headers-test' },
      unchecked: true,
    }),
    await s.call('GET', '/api/v1/no-such-thing', {
      headers: { 'X-Sandbox': 'headers-test' },
      unchecked: true,
    }),
  ]
  expect(answers.map((a) => a.status)).toEqual([200, 413, 404])
  for (const answer of answers) {
    expect(answer.headers.get('x-bluerocktel-dialect')).toBe('docs')
    expect(answer.headers.get('x-sandbox')).toBe('headers-test')
  }
})

it('keeps every warning of one request, one after the other', async () => {
  const s = createTestSandbox()
  const answer = await s.call('POST', '/api/v1/customers', {
    rawBody: 'name=x',
    headers: { 'Content-Type': 'text/plain', 'X-BlueRockTEL-Dialect': 'klingon' },
    unchecked: true,
  })
  expect(answer.status).toBe(422)
  expect(answer.headers.get('x-sandbox-warning')).toBe(
    'X-BlueRockTEL-Dialect must be docs or legacy; answered in docs., The request body was ignored: its Content-Type is not application/json, and Laravel reads a JSON body only then.',
  )
})

describe('createSeedState', () => {
  it('gives byte-identical state for the same seed, and other data for another seed', () => {
    expect(JSON.stringify(createSeedState(42))).toBe(JSON.stringify(createSeedState(42)))
    expect(createSeedState(43).tables.customers[0]!.name).not.toBe(
      createSeedState(42).tables.customers[0]!.name,
    )
  })

  it('makes the documented example ids exist (customer 42, CL000123, services 1, 3, 7)', () => {
    const { tables } = createSeedState(42)
    expect(tables.customers.find((c) => c.id === 42)).toBeTruthy()
    expect(tables.customers.find((c) => c.customer_account === 'CL000123')?.id).toBe(123)
    expect([1, 3, 7].every((id) => tables.customer_services.some((s) => s.id === id))).toBe(true)
  })
})

describe('CORS', () => {
  const preflight = {
    Origin: 'http://localhost:3000',
    'Access-Control-Request-Method': 'POST',
    'Access-Control-Request-Headers': 'authorization,content-type,x-sandbox',
  }

  it('answers a preflight from any origin by default, allowing the headers clients send', async () => {
    const s = createTestSandbox()
    const res = await s.app.request('/api/v1/customers', { method: 'OPTIONS', headers: preflight })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('access-control-allow-methods')).toContain('POST')
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
      'authorization',
    )
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-sandbox')
  })

  it("lets a browser read the answer and the sandbox's headers", async () => {
    const s = createTestSandbox()
    const answer = await s.get('/api/v1/customers/42', {
      headers: { Origin: 'http://localhost:3000' },
    })
    expect(answer.headers.get('access-control-allow-origin')).toBe('*')
    expect(answer.headers.get('access-control-expose-headers')).toContain('X-BlueRockTEL-Dialect')
  })

  it('allows only the configured origins when given a list', async () => {
    const s = createTestSandbox({ app: { corsOrigins: ['http://app.test'] } })
    const allowed = await s.app.request('/api/v1/customers', {
      method: 'OPTIONS',
      headers: { ...preflight, Origin: 'http://app.test' },
    })
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://app.test')
    const refused = await s.app.request('/api/v1/customers', {
      method: 'OPTIONS',
      headers: preflight,
    })
    expect(refused.headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('GET /docs', () => {
  it('serves the interactive page, pointed at the contract and authorised as the demo user', async () => {
    const s = createTestSandbox()
    const res = await s.app.request('/docs')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/text\/html/)
    const html = await res.text()
    expect(html).toContain("url: '/docs/contract.json?dialect=docs'")
    expect(html).toContain('sandbox-demo-token')
  })

  it('groups the operations beyond the documentation apart, after every documented tag, and leaves /openapi.json as it is', async () => {
    const s = createTestSandbox()
    const grouped = (await (await s.app.request('/docs/contract.json')).json()) as any
    const names: string[] = grouped.tags.map((t: { name: string }) => t.name)
    const firstBeyond = names.findIndex((n) => n.startsWith('Beyond the docs'))
    expect(names.slice(0, firstBeyond)).toEqual(expect.arrayContaining(['Customers', 'Invoices']))
    expect(names.slice(firstBeyond).every((n) => n.startsWith('Beyond the docs'))).toBe(true)
    expect(names).toContain('Beyond the docs (PHP SDK) · Prospects')
    expect(names).not.toContain('Prospects')
    expect(grouped.paths['/v1/prospects'].get.tags).toEqual([
      'Beyond the docs (PHP SDK) · Prospects',
    ])
    expect(grouped.tags.find((t: any) => t.name.endsWith('· Prospects')).description).toMatch(
      /^Not in the documentation: the contract follows the official PHP SDK/,
    )
    expect(grouped.paths['/v1/customers'].get.tags).toEqual(['Customers'])
    for (const [path, item] of Object.entries(grouped.paths as Record<string, any>))
      for (const op of Object.values(item as Record<string, any>))
        if (op?.operationId)
          expect(op.tags[0].startsWith('Beyond the docs'), `${op.operationId} on ${path}`).toBe(
            Boolean(op['x-source']),
          )
    const plain = (await (await s.app.request('/openapi.json')).json()) as any
    expect(plain.paths['/v1/prospects'].get.tags).toEqual(['Prospects'])
  })

  it("draws the request collection's operations on a page of their own, each page's contract holding its operations and every component they reach, and no other", async () => {
    const s = createTestSandbox()
    const plain = (await (await s.app.request('/openapi.json')).json()) as any
    const contract = async (query: string) =>
      (await (await s.app.request(`/docs/contract.json${query}`)).json()) as any
    const operations = (document: any) =>
      Object.values(document.paths as Record<string, any>).flatMap((item) =>
        Object.values(item).filter((op: any) => op?.operationId),
      ) as any[]
    const refs = (node: unknown): string[] =>
      Array.isArray(node)
        ? node.flatMap(refs)
        : node && typeof node === 'object'
          ? Object.entries(node).flatMap(([k, v]) => (k === '$ref' ? [v as string] : refs(v)))
          : []
    const main = await contract('?dialect=docs')
    const collection = await contract('?dialect=docs&part=collection')
    expect(operations(main).some((op) => op['x-source'] === 'collection')).toBe(false)
    expect(operations(main).some((op) => op['x-source'] === 'php-sdk')).toBe(true)
    expect(operations(collection).every((op) => op['x-source'] === 'collection')).toBe(true)
    // Together, the two pages show every operation of the contract, once.
    expect(operations(main).length + operations(collection).length).toBe(operations(plain).length)
    for (const document of [main, collection]) {
      const defined = Object.entries(document.components as Record<string, object>).flatMap(
        ([kind, entries]) => Object.keys(entries).map((name) => `#/components/${kind}/${name}`),
      )
      const used = new Set(refs(document))
      // Every $ref resolves, and every schema kept is used.
      expect([...used].filter((ref) => !defined.includes(ref))).toEqual([])
      expect(defined.filter((ref) => !ref.includes('/securitySchemes/') && !used.has(ref))).toEqual(
        [],
      )
      expect(document.tags.every((t: any) => JSON.stringify(document.paths).includes(t.name))).toBe(
        true,
      )
    }
    expect(main.components.schemas.Customer).toBeDefined()
    expect(Object.keys(main.components.schemas).length).toBeLessThan(
      Object.keys(plain.components.schemas).length,
    )
    const mainPage = await (await s.app.request('/docs')).text()
    expect(mainPage).toContain('id="other-part" href="/docs?dialect=docs&part=collection"')
    const collectionPage = await (await s.app.request('/docs?part=collection')).text()
    expect(collectionPage).toContain("url: '/docs/contract.json?dialect=docs&part=collection'")
    expect(collectionPage).toContain('id="other-part" href="/docs?dialect=docs"')
    expect(collectionPage).toContain('href="/docs?dialect=legacy&part=collection"')
  })

  it("points at the contract of the sandbox's dialect, or of the one asked for, and Execute asks for it", async () => {
    const page = async (s: ReturnType<typeof createTestSandbox>, path: string) =>
      (await s.app.request(path)).text()
    const legacy = await page(createTestSandbox({ dialect: 'legacy' }), '/docs')
    expect(legacy).toContain("url: '/docs/contract.json?dialect=legacy'")
    expect(legacy).toContain("request.headers['X-BlueRockTEL-Dialect'] = 'legacy'")
    const docs = await page(createTestSandbox({ dialect: 'legacy' }), '/docs?dialect=docs')
    expect(docs).toContain("url: '/docs/contract.json?dialect=docs'")
    expect(docs).toContain("request.headers['X-BlueRockTEL-Dialect'] = 'docs'")
  })

  it.each([
    ['/docs?part=everything', { part: ['The selected part is invalid.'] }],
    ['/docs/contract.json?dialect=klingon', { dialect: ['The selected dialect is invalid.'] }],
    [
      '/docs/contract.json?dialect=&part=',
      { dialect: ['The selected dialect is invalid.'], part: ['The selected part is invalid.'] },
    ],
  ])('refuses %s with 422, naming each field a value is not one of', async (path, errors) => {
    const s = createTestSandbox()
    const answer = await s.get(path, { token: null })
    expect(answer.status, JSON.stringify(answer.body)).toBe(422)
    expect(answer.body).toEqual({ message: expect.stringMatching(/^The selected /), errors })
  })

  it('serves its script and style from the package, and 404s anything else', async () => {
    const s = createTestSandbox()
    const script = await s.app.request('/docs/swagger-ui-bundle.js')
    expect(script.status).toBe(200)
    expect(script.headers.get('content-type')).toMatch(/javascript/)
    expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(100_000)
    expect((await s.app.request('/docs/swagger-ui.css')).headers.get('content-type')).toMatch(
      /text\/css/,
    )
    const missing = await s.get('/docs/../../etc/passwd', { token: null })
    expect(missing.status).toBe(404)
    expect((await s.get('/docs/package.json', { token: null })).status).toBe(404)
  })
})
