// Customers, read-only: seeds/000 (and the older seeds/001). Ids and terms are taken from the
// instance's own data, found through the list first.
import { it } from 'vitest'
import {
  kit,
  verify,
  describeResource,
  prerequisite,
  swapCase,
  Unavailable,
  UNKNOWN_ID,
} from '../suite.js'
import { checkPage } from '../paginator.js'
import { LOOKUP_KEYS, notFoundMessage, SEARCH_LIMIT } from '../answer-rules.js'

const notFound = (suffix: string) => notFoundMessage('Customer', suffix)

/** A customer of the instance with a name of at least 5 letters, preferably one with a phone. */
const sample = prerequisite('customers', 'a customer listed by GET /v1/customers', async () => {
  const page = await kit.get('/v1/customers', { query: { per_page: 15 } })
  verify(page, 'seeds/000, GET /v1/customers').status(200)
  const named = page.body.data.filter(
    (c: any) => typeof c.name === 'string' && /\p{L}{5}/u.test(c.name),
  )
  const found = named.find((c: any) => c.phone) ?? named[0]
  if (!found) throw new Unavailable('no customer with a name of five letters on its first page')
  return found
})
/** A part of a name, from its first run of letters, with its case swapped: MySQL matches it all the same. */
const partOf = (name: string) => swapCase(/\p{L}{4,}/u.exec(name)![0].slice(0, 5))

describeResource('customers', 'customers', () => {
  it('GET /v1/customers answers a Laravel paginator whose arithmetic, URLs and links hold (seeds/000 "Paginated list")', async () => {
    const page = await kit.get('/v1/customers', { query: { per_page: 7, page: 2 } })
    verify(page, 'seeds/000 "Paginated list"').status(200)
    checkPage(kit, page, 7, 2)
  })

  it('honours nb, sort and direction (seeds/000 example ?nb=25&sort=name&direction=asc), and sort=-name', async () => {
    const asc = await kit.get('/v1/customers', {
      query: { nb: 25, sort: 'name', direction: 'asc' },
    })
    verify(asc, 'seeds/000, nb').equal('per_page (nb=25)', asc.body.per_page, 25)
    verify(asc, 'seeds/000, sort and direction').sorted(asc.body.data, 'name', 'asc')
    const desc = await kit.get('/v1/customers', {
      query: { nb: 10, sort: 'id', direction: 'desc' },
    })
    verify(desc, 'seeds/000, sort and direction').sorted(desc.body.data, 'id', 'desc')
    const minus = await kit.get('/v1/customers', { query: { sort: '-name', per_page: 25 } })
    verify(minus, 'seeds/000, sort (official SDK: sort=-column)').sorted(
      minus.body.data,
      'name',
      'desc',
    )
  })

  it("answers 422 with Laravel's wording for a sort direction that is neither asc nor desc", async () => {
    const answer = await kit.get('/v1/customers', { query: { direction: 'sideways' } })
    const v = verify(answer, 'seeds/000 "direction: asc / desc"; Laravel rule in')
    v.status(422)
    v.equal('errors', answer.body.errors, { direction: ['The selected direction is invalid.'] })
  })

  it('filters the list the spatie way, whatever the case of the term (filter[name], filter[term_match])', async () => {
    const customer = await sample()
    const term = partOf(customer.name)
    const byName = await kit.get('/v1/customers', {
      query: { 'filter[name]': term, per_page: 100 },
    })
    const v = verify(
      byName,
      'official SDK README, filter[name]: case-insensitive substring (MySQL collation)',
    )
    v.status(200)
    v.includes(byName.body.data, customer.id, `customer "${customer.name}"`)
    v.every(
      byName.body.data,
      (c) => c.name.toLowerCase().includes(term.toLowerCase()),
      `name contains "${term}" ignoring case`,
      ['name'],
    )
    const byTerm = await kit.get('/v1/customers', {
      query: { 'filter[term_match]': customer.customer_account.toLowerCase(), per_page: 100 },
    })
    verify(byTerm, 'official SDK README, filter[term_match]: case-insensitive').includes(
      byTerm.body.data,
      customer.id,
      `customer ${customer.customer_account}`,
    )
  })

  it("answers 400 with spatie's message for a filter the list does not allow", async () => {
    const answer = await kit.get('/v1/customers', { query: { 'filter[no_such_column]': 'x' } })
    const v = verify(answer, 'spatie/laravel-query-builder InvalidFilterQuery')
    v.status(400)
    v.matches(
      'message',
      answer.body.message,
      /^Requested filter\(s\) `no_such_column` are not allowed\. Allowed filter\(s\) are `[^`]+`\.$/,
      "spatie's InvalidFilterQuery message",
    )
  })

  it("GET /v1/customers/{id} answers the customer with its contacts; 404 with Laravel's message otherwise", async () => {
    const customer = await sample()
    const answer = await kit.get(`/v1/customers/${customer.id}`)
    const v = verify(answer, 'seeds/000 "Customer object with contacts relation"')
    v.status(200)
    v.equal('id', answer.body.id, customer.id)
    v.that(
      Array.isArray(answer.body.contacts),
      `contacts is ${JSON.stringify(answer.body.contacts)}, not an array`,
    )
    const missing = await kit.get(`/v1/customers/${UNKNOWN_ID}`)
    verify(missing, 'seeds/000 "Response 404"; Laravel ModelNotFoundException').status(404)
    verify(missing, 'Laravel ModelNotFoundException').matches(
      'message',
      missing.body.message,
      notFound(` ${UNKNOWN_ID}`),
      `"No query results for model [App\\Customer] ${UNKNOWN_ID}"`,
    )
  })

  it('search finds a customer by account and by a part of its name in any case, at most 15 results (seeds/000)', async () => {
    const customer = await sample()
    const byAccount = await kit.get('/v1/customers/search', {
      query: { term: customer.customer_account },
    })
    verify(byAccount, 'seeds/000 "Search customers by text query"').status(200)
    verify(byAccount, 'seeds/000, search by account').includes(
      byAccount.body,
      customer.id,
      `customer ${customer.customer_account}`,
    )
    const term = partOf(customer.name)
    const byName = await kit.get('/v1/customers/search', { query: { term } })
    const v = verify(byName, 'seeds/000 search; MySQL matches case-insensitively')
    v.that(
      byName.body.length > 0,
      `no customer found for "${term}", a part of "${customer.name}" with its case changed`,
    )
    v.that(
      byName.body.length <= SEARCH_LIMIT,
      `${byName.body.length} results, more than the documented ${SEARCH_LIMIT}`,
    )
    v.every(
      byName.body,
      (c) => JSON.stringify(c).toLowerCase().includes(term.toLowerCase()),
      `contains "${term}" ignoring case`,
      ['name'],
    )
    const broad = await kit.get('/v1/customers/search', { query: { term: 'a' } })
    verify(broad, 'seeds/000 "Returns up to 15 results"').that(
      broad.body.length <= SEARCH_LIMIT,
      `${broad.body.length} results, more than ${SEARCH_LIMIT}`,
    )
  })

  it("search answers Laravel's 422 without a term", async () => {
    const answer = await kit.get('/v1/customers/search')
    verify(answer, 'seeds/000 "term | Yes"; Laravel rule required').status(422)
    verify(answer, 'seeds/000 "term | Yes"; Laravel rule required').equal('the body', answer.body, {
      message: 'The term field is required.',
      errors: { term: ['The term field is required.'] },
    })
  })

  it('lookup answers exactly {found, data} with the documented data keys, by account and by phone (seeds/000)', async () => {
    const customer = await sample()
    const byAccount = await kit.get('/v1/customers/lookup', {
      query: { customer_account: customer.customer_account },
    })
    const v = verify(byAccount, 'seeds/000, lookup "Response 200"')
    v.status(200)
    v.keys('the answer', byAccount.body, ['found', 'data'])
    v.keys('data', byAccount.body.data, LOOKUP_KEYS)
    v.equal('found', byAccount.body.found, true)
    v.equal('data.id', byAccount.body.data.id, customer.id)
    v.equal(
      'data (vip, on_call_duty) against GET /v1/customers',
      [byAccount.body.data.vip, byAccount.body.data.on_call_duty],
      [customer.vip, customer.on_call_duty],
    )
    if (customer.phone) {
      const byPhone = await kit.get('/v1/customers/lookup', {
        query: { phone_number: customer.phone },
      })
      verify(byPhone, 'seeds/000, lookup by phone_number').equal('found', byPhone.body.found, true)
    }
  })

  it('lookup answers exactly {"found": false, "data": null} for an unknown account (contract CustomerLookup)', async () => {
    const unknown = await kit.get('/v1/customers/lookup', {
      query: { customer_account: 'CONFORMANCE-UNKNOWN' },
    })
    verify(
      unknown,
      'seeds/000 lookup; contract CustomerLookup "found is false and data null"',
    ).equal('the answer', unknown.body, { found: false, data: null })
  })

  it('lookup answers Laravel\'s 422 with neither parameter (seeds/000 "one required")', async () => {
    const answer = await kit.get('/v1/customers/lookup')
    verify(answer, 'seeds/000 "Query parameters (one required)"').status(422)
    verify(answer, 'seeds/000 "one required"; Laravel rule required_without').equal(
      'errors',
      answer.body.errors,
      {
        customer_account: [
          'The customer account field is required when phone number is not present.',
        ],
        phone_number: ['The phone number field is required when customer account is not present.'],
      },
    )
  })

  it('the account look-ups answer the same customer, and 404 for an unknown account (seeds/000, seeds/001)', async () => {
    const customer = await sample()
    const account = encodeURIComponent(customer.customer_account)
    const id = await kit.get(`/v1/customers/customer_accounts/${account}`)
    verify(id, 'seeds/000 "{ customer_id: 42 }"').equal('the answer', id.body, {
      customer_id: customer.id,
    })
    for (const path of [`/v1/customer_accounts/${account}`, `/v1/customerAccounts/${account}`]) {
      const answer = await kit.get(path)
      verify(answer, 'seeds/000, seeds/001 "Customer object"').equal(
        'id',
        answer.body.id,
        customer.id,
      )
    }
    for (const path of [
      '/v1/customers/customer_accounts/',
      '/v1/customer_accounts/',
      '/v1/customerAccounts/',
    ]) {
      const answer = await kit.get(`${path}CONFORMANCE-UNKNOWN`)
      verify(answer, 'seeds/000 "Response 404"').status(404)
      verify(answer, 'Laravel firstOrFail').matches(
        'message',
        answer.body.message,
        notFound('.'),
        '"No query results for model [App\\Customer]."',
      )
    }
  })

  it('consumptions answer a number for a YYYYMM month, 422 naming month otherwise, 404 for an unknown customer (seeds/000)', async () => {
    const customer = await sample()
    const total = await kit.get(`/v1/customers/${customer.id}/consumptions`, {
      query: { month: '202603' },
    })
    verify(total, 'seeds/000 "Total consumption amount (numeric)"').that(
      typeof total.body === 'number',
      `the answer ${JSON.stringify(total.body)} is not a number`,
    )
    const bad = await kit.get(`/v1/customers/${customer.id}/consumptions`, {
      query: { month: '2026-03' },
    })
    verify(bad, 'seeds/000 "Month in YYYYMM format"').status(422)
    verify(bad, 'seeds/000 "Month in YYYYMM format"').equal(
      'the fields in error',
      Object.keys(bad.body.errors),
      ['month'],
    )
    verify(
      await kit.get(`/v1/customers/${UNKNOWN_ID}/consumptions`, { query: { month: '202603' } }),
      'seeds/000, route model binding',
    ).status(404)
  })

  it('the deprecated look-ups agree with lookup, and answer 422 without their parameter (seeds/000 "Deprecated Endpoints")', async () => {
    const customer = await sample()
    const account = { customer_account: customer.customer_account }
    const expectations: [string, Record<string, string>, unknown][] = [
      ['/is_known_customer_account', account, { found: true }],
      ['/is_vip_by_customer_account', account, { vip: customer.vip }],
      [
        '/has_on_call_duty_contract_by_customer_account',
        account,
        { on_call_duty: customer.on_call_duty },
      ],
    ]
    if (customer.phone) {
      // Another customer may share the phone: the look-ups by phone agree with lookup by phone.
      const phone = { phone_number: customer.phone }
      const { data } = (await kit.get('/v1/customers/lookup', { query: phone })).body
      expectations.push(
        ['/is_known_phone_number', phone, { found: true }],
        ['/is_vip_by_phone_number', phone, { vip: data?.vip }],
        ['/has_on_call_duty_contract_by_phone_number', phone, { on_call_duty: data?.on_call_duty }],
        ['/get_customer_id_from_phone_number', phone, { customer_id: data?.id }],
      )
    }
    for (const [path, query, expected] of expectations) {
      const answer = await kit.get(path, { query })
      verify(
        answer,
        'seeds/000 "use /v1/customers/lookup instead, which consolidates all of these checks"',
      ).equal('the answer', answer.body, expected)
    }
    for (const [path] of expectations)
      verify(await kit.get(path), 'seeds/000, deprecated look-ups need their parameter').status(422)
  })
})
