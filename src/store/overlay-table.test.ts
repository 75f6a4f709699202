import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { createOverlay, createStore, type State, type Store } from './store.js'
import { createSeedState } from './seed.js'

// The tables written, with the columns their indexes read, each drawn from a few values so that
// writes collide on keys (two customers of one account, a family emptied and filled again).
const TABLES = ['customers', 'contacts', 'items', 'customer_service_assignments'] as const
type Written = (typeof TABLES)[number]
const VALUES: { [K in Written]: Record<string, readonly unknown[]> } = {
  customers: {
    name: ['Moreau SARL', 'Dupont et Moreau', 'Acme', 'ab'],
    customer_account: ['CL000001', 'cl000042', 'CL999999', null],
    phone: ['+33 1 23 45 67 89', '+33123456789', null],
    representative_id: [1, 2, 3, null],
  },
  contacts: {
    contactable_id: [1, 2, 42, 151],
    contactable_type: ['App\\Customer', 'App\\Prospect'],
  },
  items: {
    family_id: [1, 3, 8],
    subfamily_id: [1, 12, null],
    internal_reference: ['REF-1', 'ref-x', null],
  },
  customer_service_assignments: { customer_id: [1, 2, 42, 151], customer_service_id: [1, 3, 7] },
}

const valuesOf = (table: Written) =>
  fc.record(
    Object.fromEntries(Object.entries(VALUES[table]).map(([k, v]) => [k, fc.constantFrom(...v)])),
  )
const step = fc.oneof(
  ...TABLES.map((table) =>
    fc.record({
      op: fc.constantFrom('insert' as const, 'update' as const, 'remove' as const),
      table: fc.constant(table),
      // An id among the table's ids past the seed's, or one of its rows by position.
      at: fc.nat({ max: 400 }),
      explicitId: fc.boolean(),
      values: valuesOf(table),
    }),
  ),
  fc.record({ op: fc.constant('read' as const), key: fc.nat({ max: 3 }) }),
)

/** A write as a resource makes it: a new row is a copy of the table's first row with the drawn values. */
function write(store: Store, s: StepOf<typeof step>): unknown {
  if (s.op === 'read') return undefined
  const table = store[s.table] as unknown as Store['customers']
  const rows = table.all()
  const id = s.explicitId
    ? 1 + (s.at % (table.nextId + 2))
    : (rows[s.at % Math.max(1, rows.length)]?.id ?? 1)
  try {
    if (s.op === 'remove') return table.remove(id)
    if (s.op === 'update') return table.update(id, s.values as never)
    const { id: _, ...first } = rows[0] ?? { id: 0 }
    return table.insert({ ...first, ...s.values, ...(s.explicitId ? { id } : {}) } as never)
  } catch (error) {
    return (error as Error).message
  }
}
const attempt = (read: () => unknown) => {
  try {
    return read()
  } catch (error) {
    return String(error)
  }
}
type StepOf<A> = A extends fc.Arbitrary<infer S> ? S : never

/** What the resources read: rows by id, the lists, and the store's queries over its indexes. */
function read(store: Store, key: number) {
  const customers = VALUES.customers
  return {
    sizes: TABLES.map((t) => [store[t].size, store[t].nextId]),
    byId: TABLES.map((t) => [1, 2, 42, 150, 151, 152, 153].map((id) => store[t].get(id) ?? null)),
    lists: TABLES.map((t) => store[t].all()),
    account: customers.customer_account!.map(
      (a) => a && store.customerByAccount(String(a).toLowerCase()),
    ),
    phone: store.customerByPhone('+33 (1) 23 45 67 89'),
    represented: store.customersRepresentedBy(1 + key),
    search: ['moreau', 'cl0000', 'ab', 'Acme'].map((term) => [
      store.searchCustomers(term, () => true, 15),
      store.searchCustomers(term, (c) => c.id % 2 === key % 2, 3),
    ]),
    contacts: [1, 2, 42, 151].map((id) => store.contactsOf(id)),
    items: [
      store.itemByReference('REF-1'),
      store.familyUses(3),
      store.familyUses(1 + key),
      store.subfamilyUses(12),
    ],
    // A pivot row may name a customer removed since (resources keep them in step; these writes do not).
    services: [1, 3, 7].map((id) => [
      store.customerCountOf(id),
      attempt(() => store.customersOf(id).map((c) => c.id)),
    ]),
    assignments: [1, 2, 42, 151].map((id) => store.assignmentsOf(id)),
  }
}

describe('an overlay store', () => {
  const base = createStore(createSeedState(42))
  const baseJson = JSON.stringify(base.snapshot())

  it('reads back any writes over several tables exactly as a private copy of the seed does, reads between them included', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const overlay = createOverlay(base)
        const copy = createStore(JSON.parse(baseJson) as State)
        for (const s of steps) {
          expect(write(overlay, s)).toEqual(write(copy, s))
          if (s.op === 'read') expect(read(overlay, s.key)).toEqual(read(copy, s.key))
        }
        expect(read(overlay, 0)).toEqual(read(copy, 0))
        expect(JSON.stringify(overlay.snapshot())).toBe(JSON.stringify(copy.snapshot()))
      }),
      { numRuns: 60 },
    )
    expect(JSON.stringify(base.snapshot()), 'the shared base is never written').toBe(baseJson)
  })

  it("shares the base's rows until it replaces one, and a new overlay sees none of another's writes", () => {
    const a = createOverlay(base)
    const b = createOverlay(base)
    expect(a.customers.get(42)).toBe(base.customers.get(42))
    expect(a.customers.all()).toBe(base.customers.all())
    a.customers.update(42, { name: 'Only in a' })
    a.contacts.remove(1)
    expect(a.customers.get(42)!.name).toBe('Only in a')
    expect(b.customers.get(42)).toBe(base.customers.get(42))
    expect(b.contacts.get(1)).toBe(base.contacts.get(1))
    expect(a.customers.get(41)).toBe(base.customers.get(41))
  })
})
