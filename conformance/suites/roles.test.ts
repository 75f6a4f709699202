// Role scope (seeds/000 "Results are filtered based on the authenticated user's role"; DESIGN §3):
// a sales user sees, on every route that exposes customers, only the customers they represent.
// Needs --sales-token; without it the run says so at the top of its report.
import { it } from 'vitest'
import { kit, verify, describeResource, prerequisite, Unavailable } from '../suite.js'

const token = kit.config.salesToken
const DOC = 'seeds/000 "Results are filtered based on the authenticated user\'s role"'

/** The sales user's representative id (from their own list), and a customer of someone else. */
const scope = prerequisite(
  'customers',
  'the customers a sales user sees, and one they do not',
  async () => {
    const theirs = await kit.get('/v1/customers', { query: { per_page: 100 }, token })
    verify(theirs, DOC).status(200)
    const representative = theirs.body.data[0]?.representative_id
    if (representative === undefined)
      throw new Unavailable('no customer represented by the --sales-token user')
    const all = await kit.get('/v1/customers', { query: { per_page: 100 } })
    const other = all.body.data.find((c: any) => c.representative_id !== representative)
    if (!other) throw new Unavailable('no customer of another representative on the first page')
    return { theirs, all, representative, other }
  },
)

describeResource('customers', 'role scope of a sales user', () => {
  it.runIf(token !== null)(
    'GET /v1/customers lists only the customers they represent',
    async () => {
      const { theirs, all, representative } = await scope()
      const v = verify(theirs, DOC)
      v.every(
        theirs.body.data,
        (c) => c.representative_id === representative,
        `representative_id is ${representative}, as on the first row`,
        ['name', 'representative_id'],
      )
      v.that(
        theirs.body.total < all.body.total,
        `the sales user sees ${theirs.body.total} customers, as many as an admin (${all.body.total})`,
      )
    },
  )

  it.runIf(token !== null)(
    'GET /v1/customers/search finds only the customers they represent',
    async () => {
      const { representative, other } = await scope()
      // A term that finds the other representative's customer for an admin.
      const term = other.customer_account
      const admin = await kit.get('/v1/customers/search', { query: { term } })
      verify(admin, 'seeds/000 search').includes(
        admin.body,
        other.id,
        `customer ${other.customer_account} (searched as an admin)`,
      )
      const sales = await kit.get('/v1/customers/search', { query: { term }, token })
      verify(sales, `${DOC} (contract: search "with the same role filter as the list")`).every(
        sales.body,
        (c) => c.representative_id === representative,
        `representative_id is the sales user's (${representative})`,
        ['customer_account', 'representative_id'],
      )
    },
  )

  it.runIf(token !== null)(
    "answers 403 for another representative's customer on every route that shows one",
    async () => {
      const { other } = await scope()
      const account = encodeURIComponent(other.customer_account)
      const routes: [string, Record<string, string>?][] = [
        [`/v1/customers/${other.id}`],
        [`/v1/customers/${other.id}/consumptions`, { month: '202603' }],
        [`/v1/customer_accounts/${account}`],
        [`/v1/customerAccounts/${account}`],
        [`/v1/customers/customer_accounts/${account}`],
        [`/v1/customers/${other.id}/services`],
      ]
      for (const [path, query] of routes) {
        const answer = await kit.get(path, { token, query })
        verify(
          answer,
          'seeds/000 "Response 403: Forbidden (insufficient role or ownership)"',
        ).status(403)
        verify(answer, 'Laravel AuthorizationException').equal('the body', answer.body, {
          message: 'This action is unauthorized.',
        })
      }
    },
  )

  it.runIf(token !== null)(
    "the look-ups and the customer files of another representative's customer find nothing (the contract's reading of the role filter)",
    async () => {
      const { other } = await scope()
      const lookup = await kit.get('/v1/customers/lookup', {
        query: { customer_account: other.customer_account },
        token,
      })
      verify(lookup, `${DOC} (contract: a look-up is a search)`).equal('the look-up', lookup.body, {
        found: false,
        data: null,
      })
      const known = await kit.get('/is_known_customer_account', {
        query: { customer_account: other.customer_account },
        token,
      })
      verify(known, `${DOC} (contract: a look-up is a search)`).equal('the answer', known.body, {
        found: false,
      })
      const files = await kit.get('/v1/customer-files', {
        query: { fileable_type: 'customer', fileable_id: other.id },
        token,
      })
      verify(files, `${DOC} (contract: a customer's files are in its scope)`).every(
        files.body.data,
        (f) => f.fileable_type !== 'customer' || f.fileable_id !== other.id,
        `not a file of customer ${other.id}`,
        ['id', 'fileable_id'],
      )
    },
  )

  it.runIf(token !== null)(
    "GET /v1/invoices lists only the invoices of their customers, and GET /v1/invoices/{id} answers 403 for another's",
    async () => {
      await scope()
      const theirs = await kit.get('/v1/invoices', { query: { per_page: 15 }, token })
      verify(theirs, DOC).status(200)
      for (const invoice of theirs.body.data.slice(0, 10)) {
        const customer = await kit.get(`/v1/customers/${invoice.customer_id}`, { token })
        verify(
          theirs,
          `${DOC}: invoice ${invoice.number} is of customer ${invoice.customer_id}`,
        ).that(
          customer.status === 200,
          `the sales user may not see customer ${invoice.customer_id} (GET /v1/customers/${invoice.customer_id} -> ${customer.status})`,
        )
      }
      // An invoice of a customer the sales user does not represent, among an admin's first 15.
      const all = await kit.get('/v1/invoices', { query: { per_page: 15 } })
      const visible = new Map<number, boolean>()
      for (const row of all.body.data)
        if (!visible.has(row.customer_id))
          visible.set(
            row.customer_id,
            (await kit.get(`/v1/customers/${row.customer_id}`, { token })).status === 200,
          )
      const invoice = all.body.data.find((row: any) => visible.get(row.customer_id) === false)
      if (invoice)
        verify(
          await kit.get(`/v1/invoices/${invoice.id}`, { token }),
          'contract getInvoice "a sales user gets 403"',
        ).status(403)
    },
  )
})
