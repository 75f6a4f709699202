// Who may do what, for every operation of the bundled contract (a new operation is covered as soon
// as it is in the document) and the control API, against six callers: no token, a bad token, an
// expired one, and the admin, tech and sales users. Without a valid token a protected operation
// answers 401 before anything else (even for a record that does not exist, with a body that would
// not validate). With one, each role gets the documented outcome: 403 exactly where the docs say.
import { describe, it, expect } from 'vitest'
import { createTestSandbox, seedState, TOKENS, USER_IDS } from './sandbox.js'
import { createResolver, type Json } from './fuzz/schema-values.js'
import { operationsOf, type FuzzOperation } from './fuzz/requests.js'
import { loadDocument } from '../conformance/conforms.js'

const CALLERS = { none: null, bad: 'not-a-token', expired: TOKENS.expired, admin: TOKENS.admin, tech: TOKENS.tech, sales: TOKENS.sales } as const
type Caller = keyof typeof CALLERS
type Role = 'admin' | 'tech' | 'sales'
const UNAUTHENTICATED: Caller[] = ['none', 'bad', 'expired']
const ROLES: Role[] = ['admin', 'tech', 'sales']

const document = loadDocument()
const resolve = createResolver(document)
const operations = operationsOf(document)

// The seed's records the role rules need: a customer the sales user represents (with no invoice
// or file, so that it can be deleted), the docs' customer 42 whom they do not, and an invoice of each.
const tables = seedState().tables
const inUse = new Set([...tables.customer_files.map((f) => f.fileable_id), ...tables.invoices.map((i) => i.customer_id)])
const isTheirs = (customerId: number) => tables.customers.find((c) => c.id === customerId)?.representative_id === USER_IDS.sales
const own = tables.customers.find((c) => isTheirs(c.id) && !inUse.has(c.id))!
const other = tables.customers.find((c) => c.id === 42 && !isTheirs(c.id))!
const ownInvoice = tables.invoices.find((i) => isTheirs(i.customer_id))!
const otherInvoice = tables.invoices.find((i) => !isTheirs(i.customer_id))!

type Request = { path?: Record<string, string | number>; query?: string; body?: unknown }
type RoleCase = Request & { label: string; expect: Record<Role, number> }

const everyone = (status: number) => ({ admin: status, tech: status, sales: status })
const notSales = (status: number) => ({ admin: status, tech: status, sales: 403 })
/** A customer-bound read: everyone on the sales user's own customer, only admin and tech on another's (seeds/000 "filtered based on the user's role"). */
const byCustomer = (param: string, value: (c: typeof own) => string | number, extra: Request = {}, status = 200): RoleCase[] => [
  { label: "the sales user's customer", path: { [param]: value(own) }, ...extra, expect: everyone(status) },
  { label: "another's customer", path: { [param]: value(other) }, ...extra, expect: notSales(status) },
]

/** A contact's or a note's owner named in the query string: the same rule as the customer's own reads. */
const byOwner = (prefix: string, extra: Request, status: number): RoleCase[] => [
  { label: "the sales user's customer", query: `${prefix}_type=App%5CCustomer&${prefix}_id=${own.id}`, ...extra, expect: everyone(status) },
  { label: "another's customer", query: `${prefix}_type=App%5CCustomer&${prefix}_id=${other.id}`, ...extra, expect: notSales(status) },
]

/** The documented role rules: every operation that documents a 403 has its cases here. */
const ROLE_RULES: Record<string, RoleCase[]> = {
  getCustomer: byCustomer('id', (c) => c.id),
  updateCustomer: byCustomer('id', (c) => c.id, { body: { name: 'Renamed' } }),
  getCustomerConsumptions: byCustomer('id', (c) => c.id, { query: 'month=202603' }),
  getCustomerIdByAccount: byCustomer('customer_account', (c) => c.customer_account),
  getCustomerByAccount: byCustomer('customer_account', (c) => c.customer_account),
  getCustomerByLegacyAccount: byCustomer('customerAccount', (c) => c.customer_account),
  listServicesOfCustomer: byCustomer('customer', (c) => c.id),
  syncCustomerServices: byCustomer('customer', (c) => c.id, { body: { services: [1, 3, 7] } }, 201),
  // seeds/000: "Requires admin/tech role", even on the sales user's own customer.
  deleteCustomer: [
    { label: "the sales user's customer", path: { id: own.id }, expect: notSales(200) },
    { label: "another's customer", path: { id: other.id }, expect: notSales(422) },
  ],
  // seeds/004: "Requires create permission on Item", for items and bundles alike.
  createItem: [{ label: 'a valid item', body: { description: 'Fibre 1Gbps', family_id: 3, subfamily_id: 12 }, expect: notSales(201) }],
  createBundle: [{ label: 'a valid bundle', body: { name: 'Starter Pack' }, expect: notSales(201) }],
  getInvoice: [
    { label: "an invoice of the sales user's customer", path: { id: ownInvoice.id }, expect: everyone(200) },
    { label: "an invoice of another's customer", path: { id: otherInvoice.id }, expect: notSales(200) },
  ],
  // x-source php-sdk: a customer's contacts and notes follow the customers' role rule.
  listContacts: byOwner('contactable', {}, 200),
  createContact: byOwner('contactable', { body: { last_name: 'Martin', email_address: 'jeanne@acme.example' } }, 201),
  listNotes: byOwner('noteable', {}, 200),
  createNote: byOwner('noteable', { body: { body: 'Call back.' } }, 201),
  // x-source php-sdk: deletes like a customer's; users are written by administrators only.
  deleteProspect: [{ label: 'a prospect without files', path: { id: 1 }, expect: notSales(200) }],
  createUser: [{ label: 'a valid user', body: { name: 'Nina Support', email: 'nina@example.com', role: 8 }, expect: { admin: 201, tech: 403, sales: 403 } }],
  updateUser: [{ label: 'another user', path: { id: 4 }, body: { name: 'Renamed' }, expect: { admin: 200, tech: 403, sales: 403 } }],
  deleteUser: [{ label: 'another user', path: { id: 4 }, expect: { admin: 200, tech: 403, sales: 403 } }],
}

/** The control API under /__mock: health is public, the rest needs the admin token itself. */
const CONTROL: { method: string; path: string; body?: () => unknown; public?: boolean }[] = [
  { method: 'GET', path: '/__mock/health', public: true },
  { method: 'POST', path: '/__mock/reset' },
  { method: 'GET', path: '/__mock/snapshot' },
  { method: 'PUT', path: '/__mock/snapshot', body: () => seedState() },
  { method: 'GET', path: '/__mock/requests' },
  { method: 'DELETE', path: '/__mock/requests' },
  { method: 'GET', path: '/__mock/faults' },
  { method: 'POST', path: '/__mock/faults', body: () => ({ path: '/v1/customers', status: 503 }) },
  { method: 'DELETE', path: '/__mock/faults' },
]

const documents403 = (op: FuzzOperation) => '403' in (document.paths[op.path][op.method.toLowerCase()] as Json).responses
const isPublic = (op: FuzzOperation) => !op.secured

/** An operation's request built from the contract alone: path examples (or 1), query examples, the body example. */
function requestOf(op: FuzzOperation, request: Request = {}) {
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const param = op.parameters.find((p) => p.name === name)
    return encodeURIComponent(String(request.path?.[name] ?? param?.example ?? 1))
  })
  const query = request.query ?? op.parameters.filter((p) => p.in === 'query' && p.example !== undefined).map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(String(p.example))}`).join('&')
  const content = resolve((document.paths[op.path][op.method.toLowerCase()] as Json).requestBody)?.content?.['application/json']
  const body = request.body ?? content?.example ?? (Object.values(content?.examples ?? {})[0] as Json | undefined)?.value
  return { url: `/api${path}${query ? `?${query}` : ''}`, body: op.body ? body : undefined }
}

async function send(op: FuzzOperation, caller: Caller, request: { url: string; body?: unknown; rawBody?: string }) {
  const s = createTestSandbox()
  return s.call(op.method, request.url, { token: CALLERS[caller], body: request.body, rawBody: request.rawBody, headers: request.rawBody ? { 'Content-Type': 'application/json' } : {} })
}

describe('the auth matrix of the contract', () => {
  it('has a role rule for every operation that documents a 403, and for no other', () => {
    expect(operations.filter(documents403).map((op) => op.operationId).sort()).toEqual(Object.keys(ROLE_RULES).sort())
  })

  const protectedCases = operations.filter((op) => !isPublic(op)).flatMap((op) => UNAUTHENTICATED.map((caller) => [`${op.method} ${op.path}`, caller, op] as const))
  it.each(protectedCases)('%s answers 401 to a caller with %s token, before 404 and 422', async (_name, caller, op) => {
    // A record that cannot exist and a body that cannot validate: the 401 must still come first.
    const { url } = requestOf(op, { path: Object.fromEntries(op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, '999999999'])) })
    const answer = await send(op, caller, { url, rawBody: op.body ? '{"name": [], "services": "x", "quantity": -1, "description": {}}' : undefined })
    expect(answer.status).toBe(401)
    expect(answer.body).toEqual({ message: 'Unauthenticated.' })
  })

  const publicCases = operations.filter(isPublic).flatMap((op) => (['none', 'bad', 'expired', 'tech', 'sales'] as Caller[]).map((caller) => [`${op.method} ${op.path}`, caller, op] as const))
  it.each(publicCases)('%s (public) answers a caller with %s token as it answers the admin', async (_name, caller, op) => {
    // The example's password is not a seeded user's: log in as one, so that the answer is a success to compare.
    const request = op.operationId === 'login' ? { ...requestOf(op), body: { email: 'tech@example.com', password: 'tech-password' } } : requestOf(op)
    const [mine, admin] = await Promise.all([send(op, caller, request), send(op, 'admin', request)])
    expect(mine.status).toBe(admin.status)
    expect(mine.status).toBeLessThan(400)
  })

  const ruled = operations.flatMap((op) => (ROLE_RULES[op.operationId] ?? []).flatMap((rule) => ROLES.map((role) => [`${op.method} ${op.path}`, role, rule.label, rule.expect[role], op, rule] as const)))
  it.each(ruled)('%s as %s on %s answers %i', async (_name, role, _label, status, op, rule) => {
    expect((await send(op, role, requestOf(op, rule))).status).toBe(status)
  })

  const others = operations.filter((op) => !isPublic(op) && !ROLE_RULES[op.operationId]).flatMap((op) => ROLES.map((role) => [`${op.method} ${op.path}`, role, op] as const))
  it.each(others)('%s lets %s in: a documented answer, neither 401 nor 403', async (_name, role, op) => {
    const answer = await send(op, role, requestOf(op))
    expect(answer.status).not.toBe(401)
    expect(answer.status).not.toBe(403)
    expect(answer.status).toBeLessThan(500)
  })
})

describe('the auth matrix of the control API', () => {
  it('covers every route of the control API', () => {
    const { app } = createTestSandbox()
    const served = app.routes.filter((r) => r.path.startsWith('/__mock/') && r.method !== 'ALL').map((r) => `${r.method} ${r.path}`)
    expect(CONTROL.map((r) => `${r.method} ${r.path}`).sort()).toEqual([...new Set(served)].sort())
  })

  const cases = CONTROL.flatMap((route) => (Object.keys(CALLERS) as Caller[]).map((caller) => [route.method, route.path, caller, route] as const))
  it.each(cases)('%s %s with %s token', async (method, path, caller, route) => {
    const s = createTestSandbox()
    const answer = await s.call(method, path, { token: CALLERS[caller], body: route.body?.() })
    if (route.public || caller === 'admin') expect(answer.status).toBe(method === 'POST' && path === '/__mock/faults' ? 201 : 200)
    else expect(answer).toMatchObject({ status: 401, body: { message: 'Unauthenticated.' } })
  })
})
