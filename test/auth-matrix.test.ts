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

const CALLERS = {
  none: null,
  bad: 'not-a-token',
  expired: TOKENS.expired,
  admin: TOKENS.admin,
  tech: TOKENS.tech,
  sales: TOKENS.sales,
} as const
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
const inUse = new Set([
  ...tables.customer_files.map((f) => f.fileable_id),
  ...tables.invoices.map((i) => i.customer_id),
])
const isTheirs = (customerId: number) =>
  tables.customers.find((c) => c.id === customerId)?.representative_id === USER_IDS.sales
const own = tables.customers.find((c) => isTheirs(c.id) && !inUse.has(c.id))!
const other = tables.customers.find((c) => c.id === 42 && !isTheirs(c.id))!
const ownInvoice = tables.invoices.find((i) => isTheirs(i.customer_id))!
const otherInvoice = tables.invoices.find((i) => !isTheirs(i.customer_id))!

// The role scope reaches what a customer owns (the sandbox's reading of seeds/000): a file of each
// (with no invoice, so that it can be deleted), and a line of each kind on a file of each.
const invoicedFiles = new Set(tables.invoices.map((i) => i.customer_file_id))
const customerFiles = tables.customer_files.filter(
  (f) => f.fileable_type === 'customer' && !invoicedFiles.has(f.id),
)
const ownFile = customerFiles.find((f) => isTheirs(f.fileable_id))!
const otherFile = customerFiles.find((f) => !isTheirs(f.fileable_id))!
const fileOf = (fileId: number) => tables.customer_files.find((f) => f.id === fileId)!
const isOwnLine = (line: { customer_file_id: number }) =>
  fileOf(line.customer_file_id).fileable_type === 'customer' &&
  isTheirs(fileOf(line.customer_file_id).fileable_id)

type Request = { path?: Record<string, string | number>; query?: string; body?: unknown }
type RoleCase = Request & { label: string; expect: Record<Role, number> }

const everyone = (status: number) => ({ admin: status, tech: status, sales: status })
const notSales = (status: number) => ({ admin: status, tech: status, sales: 403 })
/** A customer-bound read: everyone on the sales user's own customer, only admin and tech on another's (seeds/000 "filtered based on the user's role"). */
const byCustomer = (
  param: string,
  value: (c: typeof own) => string | number,
  extra: Request = {},
  status = 200,
): RoleCase[] => [
  {
    label: "the sales user's customer",
    path: { [param]: value(own) },
    ...extra,
    expect: everyone(status),
  },
  {
    label: "another's customer",
    path: { [param]: value(other) },
    ...extra,
    expect: notSales(status),
  },
]

/** A route of a customer's record (a file, a line): everyone on the sales user's own, only admin and tech on another's. */
const byOwner = (own: Request, other: Request, status = 200): RoleCase[] => [
  { label: "the sales user's customer's", ...own, expect: everyone(status) },
  { label: "another's customer's", ...other, expect: notSales(status) },
]
/** The four routes of a line kind that name a file or a line (seeds/002 steps 5-7). */
function lineRules(
  kind: 'licences' | 'initials' | 'recurrings',
  name: string,
): Record<string, RoleCase[]> {
  const own = tables[kind].find(isOwnLine)!
  const other = tables[kind].find(
    (l) => !isOwnLine(l) && fileOf(l.customer_file_id).fileable_type === 'customer',
  )!
  const line = (l: { id: number }) => ({ path: { id: l.id } })
  const created = (file: { id: number }) => ({
    body: { customer_file_id: file.id, item_id: 42, quantity: 1 },
  })
  return {
    [`create${name}`]: byOwner(created(ownFile), created(otherFile), 201),
    [`get${name}`]: byOwner(line(own), line(other)),
    [`update${name}`]: byOwner(
      { ...line(own), body: { quantity: 2 } },
      { ...line(other), body: { quantity: 2 } },
    ),
    [`delete${name}`]: byOwner(line(own), line(other)),
  }
}
/** A contact's or a note's owner named in the query string: the same rule as the customer's own reads. */
const byQueryOwner = (prefix: string, extra: Request, status: number): RoleCase[] => [
  {
    label: "the sales user's customer",
    query: `${prefix}_type=App%5CCustomer&${prefix}_id=${own.id}`,
    ...extra,
    expect: everyone(status),
  },
  {
    label: "another's customer",
    query: `${prefix}_type=App%5CCustomer&${prefix}_id=${other.id}`,
    ...extra,
    expect: notSales(status),
  },
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
  createItem: [
    {
      label: 'a valid item',
      body: { description: 'Fibre 1Gbps', family_id: 3, subfamily_id: 12 },
      expect: notSales(201),
    },
  ],
  createBundle: [
    { label: 'a valid bundle', body: { name: 'Starter Pack' }, expect: notSales(201) },
  ],
  // The sandbox's reading of seeds/000: a customer's files and their lines are in its role scope.
  createCustomerFile: byOwner(
    { body: { fileable_type: 'customer', fileable_id: ownFile.fileable_id } },
    { body: { fileable_type: 'customer', fileable_id: otherFile.fileable_id } },
    201,
  ),
  getCustomerFile: byOwner({ path: { id: ownFile.id } }, { path: { id: otherFile.id } }),
  updateCustomerFile: byOwner(
    { path: { id: ownFile.id }, body: { billing_frequency: 3 } },
    { path: { id: otherFile.id }, body: { billing_frequency: 3 } },
  ),
  deleteCustomerFile: byOwner({ path: { id: ownFile.id } }, { path: { id: otherFile.id } }),
  ...lineRules('licences', 'Licence'),
  ...lineRules('initials', 'Initial'),
  ...lineRules('recurrings', 'Recurring'),
  getInvoice: [
    {
      label: "an invoice of the sales user's customer",
      path: { id: ownInvoice.id },
      expect: everyone(200),
    },
    {
      label: "an invoice of another's customer",
      path: { id: otherInvoice.id },
      expect: notSales(200),
    },
  ],
  // x-source php-sdk: a customer's contacts and notes follow the customers' role rule.
  listContacts: byQueryOwner('contactable', {}, 200),
  createContact: byQueryOwner(
    'contactable',
    { body: { last_name: 'Martin', email_address: 'jeanne@acme.example' } },
    201,
  ),
  listNotes: byQueryOwner('noteable', {}, 200),
  createNote: byQueryOwner('noteable', { body: { body: 'Call back.' } }, 201),
  // x-source php-sdk: deletes like a customer's; users are written by administrators only.
  deleteProspect: [{ label: 'a prospect without files', path: { id: 1 }, expect: notSales(200) }],
  createUser: [
    {
      label: 'a valid user',
      body: { name: 'Nina Support', email: 'nina@example.com', role: 8 },
      expect: { admin: 201, tech: 403, sales: 403 },
    },
  ],
  updateUser: [
    {
      label: 'another user',
      path: { id: 4 },
      body: { name: 'Renamed' },
      expect: { admin: 200, tech: 403, sales: 403 },
    },
  ],
  deleteUser: [
    { label: 'another user', path: { id: 4 }, expect: { admin: 200, tech: 403, sales: 403 } },
  ],
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

const documents403 = (op: FuzzOperation) =>
  '403' in (document.paths[op.path][op.method.toLowerCase()] as Json).responses
const isPublic = (op: FuzzOperation) => !op.secured

/** An operation's request built from the contract alone: path examples (or 1), query examples, the body example. */
function requestOf(op: FuzzOperation, request: Request = {}) {
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const param = op.parameters.find((p) => p.name === name)
    return encodeURIComponent(String(request.path?.[name] ?? param?.example ?? 1))
  })
  const query =
    request.query ??
    op.parameters
      .filter((p) => p.in === 'query' && p.example !== undefined)
      .map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(String(p.example))}`)
      .join('&')
  const content = resolve((document.paths[op.path][op.method.toLowerCase()] as Json).requestBody)
    ?.content?.['application/json']
  const body =
    request.body ??
    content?.example ??
    (Object.values(content?.examples ?? {})[0] as Json | undefined)?.value
  return { url: `/api${path}${query ? `?${query}` : ''}`, body: op.body ? body : undefined }
}

async function send(
  op: FuzzOperation,
  caller: Caller,
  request: { url: string; body?: unknown; rawBody?: string },
  s = createTestSandbox(),
) {
  return s.call(op.method, request.url, {
    token: CALLERS[caller],
    body: request.body,
    rawBody: request.rawBody,
    headers: request.rawBody ? { 'Content-Type': 'application/json' } : {},
  })
}

describe('the auth matrix of the contract', () => {
  it('has a role rule for every operation that documents a 403, and for no other', () => {
    expect(
      operations
        .filter(documents403)
        .map((op) => op.operationId)
        .sort(),
    ).toEqual(Object.keys(ROLE_RULES).sort())
  })

  // A request refused with 401 changes nothing: one sandbox serves them all.
  const refusing = createTestSandbox()
  const protectedCases = operations
    .filter((op) => !isPublic(op))
    .flatMap((op) =>
      UNAUTHENTICATED.map((caller) => [`${op.method} ${op.path}`, caller, op] as const),
    )
  it.each(protectedCases)(
    '%s answers 401 to a caller with %s token, before 404 and 422',
    async (_name, caller, op) => {
      // A record that cannot exist and a body that cannot validate: the 401 must still come first.
      const { url } = requestOf(op, {
        path: Object.fromEntries(
          op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, '999999999']),
        ),
      })
      const answer = await send(
        op,
        caller,
        {
          url,
          rawBody: op.body
            ? '{"name": [], "services": "x", "quantity": -1, "description": {}}'
            : undefined,
        },
        refusing,
      )
      expect(answer.status).toBe(401)
      expect(answer.body).toEqual({ message: 'Unauthenticated.' })
    },
  )

  const publicCases = operations
    .filter(isPublic)
    .flatMap((op) =>
      (['none', 'bad', 'expired', 'tech', 'sales'] as Caller[]).map(
        (caller) => [`${op.method} ${op.path}`, caller, op] as const,
      ),
    )
  it.each(publicCases)(
    '%s (public) answers a caller with %s token as it answers the admin',
    async (_name, caller, op) => {
      // The example's password is not a seeded user's: log in as one, so that the answer is a success to compare.
      const request =
        op.operationId === 'login'
          ? { ...requestOf(op), body: { email: 'tech@example.com', password: 'tech-password' } }
          : requestOf(op)
      const [mine, admin] = await Promise.all([
        send(op, caller, request),
        send(op, 'admin', request),
      ])
      expect(mine.status).toBe(admin.status)
      expect(mine.status).toBeLessThan(400)
    },
  )

  const ruled = operations.flatMap((op) =>
    (ROLE_RULES[op.operationId] ?? []).flatMap((rule) =>
      ROLES.map(
        (role) =>
          [`${op.method} ${op.path}`, role, rule.label, rule.expect[role], op, rule] as const,
      ),
    ),
  )
  it.each(ruled)('%s as %s on %s answers %i', async (_name, role, _label, status, op, rule) => {
    expect((await send(op, role, requestOf(op, rule))).status).toBe(status)
  })

  // The request collection's operations (x-source collection) are served by one engine, which
  // applies no role rule: the lowest role stands for the others there.
  const rolesOf = (op: FuzzOperation): Role[] =>
    document.paths[op.path][op.method.toLowerCase()]['x-source'] === 'collection'
      ? ['sales']
      : ROLES
  const others = operations
    .filter((op) => !isPublic(op) && !ROLE_RULES[op.operationId])
    .flatMap((op) => rolesOf(op).map((role) => [`${op.method} ${op.path}`, role, op] as const))
  it.each(others)(
    '%s lets %s in: a documented answer, neither 401 nor 403',
    async (_name, role, op) => {
      const answer = await send(op, role, requestOf(op))
      expect(answer.status).not.toBe(401)
      expect(answer.status).not.toBe(403)
      expect(answer.status).toBeLessThan(500)
    },
  )
})

// The sandbox's reading of seeds/000 ("Results are filtered based on the authenticated user's role"):
// every list and look-up that reaches a customer or what it owns leaves out the customers a sales
// user does not represent, as the customer list does; an admin still finds them.
describe('the role scope of lists and look-ups', () => {
  const as = (role: Role, url: string) =>
    createTestSandbox().call('GET', `/api${url}`, { token: CALLERS[role] })
  const seen = async <T>(url: string, pick: (body: any) => T) => ({
    admin: pick((await as('admin', url)).body),
    sales: pick((await as('sales', url)).body),
  })
  const account = other.customer_account!
  const phone = other.phone ?? other.mobile_phone
  const ids = (body: any) => body.data.map((row: any) => row.id)

  it.each([
    [`/v1/customers/lookup?customer_account=${account}`, (b: any) => b.found, true, false],
    [`/is_known_customer_account?customer_account=${account}`, (b: any) => b.found, true, false],
    [
      `/has_on_call_duty_contract_by_customer_account?customer_account=${account}`,
      (b: any) => b,
      { on_call_duty: other.on_call_duty },
      { on_call_duty: false },
    ],
    [
      `/is_vip_by_customer_account?customer_account=${account}`,
      (b: any) => b,
      { vip: other.vip },
      { vip: false },
    ],
    ...(phone
      ? [
          [
            `/get_customer_id_from_phone_number?phone_number=${encodeURIComponent(phone)}`,
            (b: any) => b.customer_id,
            other.id,
            null,
          ] as const,
        ]
      : []),
  ] as const)(
    "GET %s finds another's customer for an admin only",
    async (url, pick, admin, sales) => {
      expect(await seen(url, pick)).toEqual({ admin, sales })
    },
  )

  it("GET /v1/customer-files lists the files of the sales user's customers only", async () => {
    const files = await seen(
      `/v1/customer-files?fileable_type=customer&fileable_id=${otherFile.fileable_id}`,
      ids,
    )
    expect(files.admin).toContain(otherFile.id)
    expect(files.sales).toEqual([])
    const all = (await as('sales', '/v1/customer-files?per_page=1000')).body.data
    expect(all.length).toBeGreaterThan(0)
    for (const file of all)
      expect(file.fileable_type !== 'customer' || isTheirs(file.fileable_id)).toBe(true)
  })

  it.each(['licences', 'initials', 'recurrings'] as const)(
    "GET /v1/customer-files/%s lists the lines of the sales user's customers' files only",
    async (kind) => {
      const lines = (await as('sales', `/v1/customer-files/${kind}?per_page=1000`)).body.data
      expect(lines.length).toBeGreaterThan(0)
      for (const line of lines)
        expect(fileOf(line.customer_file_id).fileable_type !== 'customer' || isOwnLine(line)).toBe(
          true,
        )
    },
  )

  it("GET /v1/customer-services/{id} lists, and counts, the sales user's customers only", async () => {
    const service = tables.customer_service_assignments.find(
      (a) => !isTheirs(a.customer_id),
    )!.customer_service_id
    const customers = await seen(`/v1/customer-services/${service}`, (b): number[] =>
      b.customers.map((c: any) => c.id),
    )
    expect(customers.admin.length).toBeGreaterThan(customers.sales.length)
    for (const id of customers.sales) expect(isTheirs(id)).toBe(true)
    const counts = await seen(
      '/v1/customer-services?per_page=1000',
      (b) => b.data.find((s: any) => s.id === service)?.customers_count,
    )
    expect(counts).toEqual({ admin: customers.admin.length, sales: customers.sales.length })
  })
})

describe('the auth matrix of the control API', () => {
  it('covers every route of the control API', () => {
    const { app } = createTestSandbox()
    const served = app.routes
      .filter((r) => r.path.startsWith('/__mock/') && r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path}`)
    expect(CONTROL.map((r) => `${r.method} ${r.path}`).sort()).toEqual([...new Set(served)].sort())
  })

  const cases = CONTROL.flatMap((route) =>
    (Object.keys(CALLERS) as Caller[]).map(
      (caller) => [route.method, route.path, caller, route] as const,
    ),
  )
  it.each(cases)('%s %s with %s token', async (method, path, caller, route) => {
    const s = createTestSandbox()
    const answer = await s.call(method, path, { token: CALLERS[caller], body: route.body?.() })
    if (route.public || caller === 'admin')
      expect(answer.status).toBe(method === 'POST' && path === '/__mock/faults' ? 201 : 200)
    else expect(answer).toMatchObject({ status: 401, body: { message: 'Unauthenticated.' } })
  })
})
