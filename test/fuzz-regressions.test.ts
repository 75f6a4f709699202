// What the contract fuzzing (test/fuzz.test.ts) found, each as a fixed case, so that the fix stays
// whatever the generators draw next time.
import { describe, it, expect, afterEach } from 'vitest'
import { createTestSandbox } from './sandbox.js'
import { deepJsonText } from './fuzz/nasty.js'

const form = { 'Content-Type': 'application/x-www-form-urlencoded' }
const json = { 'Content-Type': 'application/json' }

afterEach(() => {
  // A failing case would have written to Object.prototype for every later test: undo it.
  for (const key of ['polluted', 'isAdmin'])
    delete (Object.prototype as Record<string, unknown>)[key]
})

describe('PHP-style array keys (`a[b]=1`) in query strings and form bodies', () => {
  it('keep `__proto__[x]` as a plain key, never writing to Object.prototype', async () => {
    const s = createTestSandbox()
    expect((await s.get('/api/v1/customers?__proto__[polluted]=yes&filter[name]=a')).status).toBe(
      200,
    )
    const created = await s.call('POST', '/api/v1/customers', {
      rawBody: 'name=Acme&__proto__[isAdmin]=1&constructor[prototype][polluted]=1',
      headers: form,
    })
    expect(created.status).toBe(201)
    expect(created.body.name).toBe('Acme')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
  })

  it("drop a key nested deeper than PHP's max_input_nesting_level (64), at any depth", async () => {
    const s = createTestSandbox()
    const deep = (n: number) => `x${'[a]'.repeat(n)}=1`
    expect(
      (
        await s.call('POST', '/api/v1/families', {
          rawBody: `name=Fibre&${deep(65)}`,
          headers: form,
        })
      ).status,
    ).toBe(201)
    expect(
      (
        await s.call('POST', '/api/v1/families', {
          rawBody: `name=Fibre&${deep(100_000)}`,
          headers: form,
        })
      ).status,
    ).toBe(201)
    expect((await s.get(`/api/v1/customers/search?term=acme&${deep(20_000)}`)).status).toBe(200)
  })
})

describe('a JSON body nested very deep', () => {
  it.each([
    ['array', 100_000],
    ['object', 10_000],
  ] as const)(
    '(%s, %i levels) is ignored like json_decode past its depth of 512, with a warning, not a 500',
    async (kind, depth) => {
      const s = createTestSandbox()
      const answer = await s.call('POST', '/api/v1/customers', {
        rawBody: `{"name":${deepJsonText(depth, kind)}}`,
        headers: json,
      })
      expect(answer.status).toBe(422)
      expect(answer.body.errors).toEqual({ name: ['The name field is required.'] })
      expect(answer.headers.get('x-sandbox-warning')).toMatch(/deeper than 512 levels/)
    },
  )

  it('is read when it stays within 512 levels', async () => {
    const s = createTestSandbox()
    const answer = await s.call('POST', '/api/v1/customers', {
      rawBody: `{"name":${deepJsonText(500, 'array')}}`,
      headers: json,
    })
    expect(answer.status).toBe(422)
    expect(answer.body.errors).toEqual({ name: ['The name field must be a string.'] })
  })
})

describe('names Object.prototype holds', () => {
  it.each(['constructor', '__proto__', 'toString'])(
    'filter[%s] is a filter that is not allowed (400), as for any unknown name',
    async (name) => {
      const s = createTestSandbox()
      const answer = await s.get(`/api/v1/items?filter[${name}]=x`)
      expect(answer.status).toBe(400)
      expect(answer.body.message).toBe(
        `Requested filter(s) \`${name}\` are not allowed. Allowed filter(s) are \`description, brand, internal_reference, id, family_id, subfamily_id, active_for_initial_billing\`.`,
      )
    },
  )

  it.each(['constructor', 'toString', '__proto__'])(
    'fileable_type=%s is not a fileable type (422)',
    async (type) => {
      const s = createTestSandbox()
      const answer = await s.post(`/api/v1/customer-files?fileable_type=${type}&fileable_id=1`, {
        name: 'x',
      })
      expect(answer.status).toBe(422)
      expect(answer.body.errors).toEqual({
        fileable_type: ['The selected fileable type is invalid.'],
      })
    },
  )

  it('a pivot key `__proto__` stays a key in the legacy dialect too', async () => {
    const s = createTestSandbox()
    await s.call('POST', '/api/v1/customers/42/services', {
      rawBody: '{"services":{"3":{"__proto__":{"version":"2"}}}}',
      headers: json,
    })
    const pivots = async (dialect: string) =>
      (
        await s.get('/api/v1/customers/42/services', {
          headers: { 'X-BlueRockTEL-Dialect': dialect },
          unchecked: dialect === 'legacy',
        })
      ).body.data[0].pivot
    expect(Object.keys(await pivots('docs'))).toContain('__proto__')
    expect(Object.keys(await pivots('legacy'))).toContain('__proto__')
  })
})

describe('an empty array for an optional field', () => {
  it.each([
    [
      '/api/v1/bundles',
      { name: 'Pack', description: [] },
      'description',
      'The description field must be a string.',
    ],
    [
      '/api/v1/customer-files/initials',
      { customer_file_id: 500, item_id: 42, quantity: 1, charge_after_date: [] },
      'charge_after_date',
      'The charge after date field must be a valid date.',
    ],
    ['/api/v1/customers', { name: 'Acme', vip: [] }, 'vip', 'The vip field must be true or false.'],
  ])(
    'is a value the rules check, not an absent field (POST %s)',
    async (path, body, field, message) => {
      const s = createTestSandbox()
      const answer = await s.post(path, body)
      expect(answer.status).toBe(422)
      expect(answer.body.errors).toEqual({ [field]: [message] })
    },
  )

  it("or an empty object fails `required`, as PHP's empty array does", async () => {
    const s = createTestSandbox()
    expect((await s.post('/api/v1/families', { name: {} })).body.errors).toEqual({
      name: ['The name field is required.'],
    })
  })
})

describe('customer_account', () => {
  it.each(['CL 000042', 'a\tb'])(
    "with a space inside (%j) is refused: the contract's accounts have none",
    async (account) => {
      const s = createTestSandbox()
      const answer = await s.post('/api/v1/customers', { name: 'Acme', customer_account: account })
      expect(answer.status).toBe(422)
      expect(answer.body.errors).toEqual({
        customer_account: ['The customer account field format is invalid.'],
      })
    },
  )
})
