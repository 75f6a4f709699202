// The billing part of the seed: prospects, customer files with their line items, rated
// consumptions and invoices whose totals follow from them. The docs' examples exist: customer file
// 500 ("Main Contract 2026" of customer 101, seeds/002 step 4) takes the cookbook's steps 5-7.
import type { Faker } from '@faker-js/faker'
import type { Schema } from '../spec.js'
import { toDecimal, toTimestamp } from '../laravel/serialize.js'
import { buildCustomerFile } from './rows/customer-files.js'
import type { Rows } from './tables.js'

type Tables = { [K in keyof Rows]: Rows[K][] }
const CONSUMPTION_MONTHS = ['202601', '202602', '202603', '202604', '202605', '202606']
const INVOICED_MONTHS = ['202601', '202602', '202603']
const VAT = 0.2
export const DOCS_FILE_ID = 500
const cents = (decimal: string | null) => Math.round(Number(decimal ?? 0) * 100)

export function seedBilling(
  faker: Faker,
  tables: Tables,
  day: (n: number) => Date,
  sizes: { prospects: number },
) {
  const stamp = (n: number) => toTimestamp(day(n))
  for (let id = 1; id <= sizes.prospects; id++) {
    const company = faker.company.name()
    tables.prospects.push({
      id,
      name: company,
      customer_account: `PR${String(id).padStart(6, '0')}`,
      email_address: `hello@${faker.internet.domainName()}`,
      phone: `+331${faker.string.numeric(8)}`,
      active: true,
      created_at: stamp(id),
      updated_at: stamp(id),
    })
  }

  const recurringItems = tables.items.filter((i) => i.active_for_recurring_billing && i.active)
  const initialItems = tables.items.filter((i) => i.active)
  const licenceItems = tables.items.filter(
    (i) =>
      i.active &&
      i.subfamily_id !== null &&
      /licence|extension|mailbox|antivirus/i.test(i.description),
  )
  const files: Schema<'CustomerFile'>[] = []
  const customers = new Map(tables.customers.map((c) => [c.id, c]))
  // About one customer in three has a billing file; the docs' customer 101 has file 500.
  for (const customer of tables.customers) {
    if (customer.id % 3 !== 0) continue
    files.push({
      id: files.length + 1,
      ...buildCustomerFile('customer', customer.id, 1, stamp(customer.id)),
      name: `${customer.name} — main contract`,
      services_start: stamp(customer.id).slice(0, 10),
      first_invoice: '2026-01-01',
    })
  }
  files.push({
    id: DOCS_FILE_ID,
    ...buildCustomerFile('customer', 101, 1, '2026-03-24T10:03:00.000000Z'),
    name: 'Main Contract 2026',
    services_start: '2026-04-01',
    first_invoice: '2026-04-01',
  })
  tables.customer_files.push(...files)

  for (const file of files) {
    if (file.id === DOCS_FILE_ID) continue // just created in the cookbook's step 4: steps 5-7 add its lines
    const now = file.created_at
    const line = { customer_file_id: file.id, created_at: now, updated_at: now }
    const recurrings: Schema<'Recurring'>[] = []
    for (const item of faker.helpers.arrayElements(recurringItems, { min: 1, max: 3 })) {
      const recurring = {
        id: tables.recurrings.length + 1,
        ...line,
        item_id: item.id,
        label: item.description,
        quantity: toDecimal(faker.number.int({ min: 1, max: 10 }), 2),
        selling_price_without_tax: item.selling_price_without_tax,
        service_start: file.services_start,
        first_invoice: file.first_invoice,
        billing_frequency: file.billing_frequency,
        commitment: faker.helpers.arrayElement([null, 12, 24, 36]),
        active: true,
        paused: false,
      }
      tables.recurrings.push(recurring)
      recurrings.push(recurring)
    }
    // Software sold per seat: licences renewed every year.
    if (file.id % 2 === 0) {
      const item = faker.helpers.arrayElement(licenceItems)
      const start = file.services_start ?? '2026-01-01'
      tables.licences.push({
        id: tables.licences.length + 1,
        ...line,
        item_id: item.id,
        label: item.description,
        quantity: toDecimal(faker.number.int({ min: 1, max: 25 }), 2),
        activation_date: start,
        renewal_date: `${Number(start.slice(0, 4)) + 1}${start.slice(4)}`,
        selling_price_without_tax: item.selling_price_without_tax,
        frequency: 12,
        active: true,
      })
    }
    if (faker.datatype.boolean()) {
      const item = faker.helpers.arrayElement(initialItems)
      tables.initials.push({
        id: tables.initials.length + 1,
        ...line,
        item_id: item.id,
        label: item.description,
        quantity: '1.00',
        selling_price_without_tax: item.selling_price_without_tax,
        discount_rate: null,
        charge_after_date: null,
        invoiced: false,
        invoice_id: null,
      })
    }
    const customer = customers.get(file.fileable_id)!
    for (const month of CONSUMPTION_MONTHS) {
      let monthCents = 0
      for (let n = faker.number.int({ min: 1, max: 4 }); n > 0; n--) {
        const amount = toDecimal(faker.number.float({ min: 0.5, max: 80, fractionDigits: 2 }), 2)
        monthCents += cents(amount)
        tables.consumptions.push({
          id: tables.consumptions.length + 1,
          customer_id: customer.id,
          customer_file_id: file.id,
          month,
          label: faker.helpers.arrayElement([
            'Calls to landlines',
            'Calls to mobiles',
            'International calls',
            'SMS',
          ]),
          amount,
        })
      }
      if (!INVOICED_MONTHS.includes(month) || customer.id % 2 !== 0) continue
      // An invoice of the month: the file's subscriptions plus the month's consumptions.
      const net =
        recurrings.reduce(
          (sum, r) =>
            sum + Math.round((cents(r.quantity) * cents(r.selling_price_without_tax)) / 100),
          0,
        ) + monthCents
      const tax = customer.charge_vat ? Math.round(net * VAT) : 0
      const id = tables.invoices.length + 1
      const date = `${month.slice(0, 4)}-${month.slice(4)}-01`
      tables.invoices.push({
        id,
        number: `FA${month.slice(0, 4)}-${String(id).padStart(6, '0')}`,
        reference: null,
        customer_id: customer.id,
        customer_file_id: file.id,
        date,
        services_start: date,
        services_end: new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(4)), 0))
          .toISOString()
          .slice(0, 10),
        total_without_tax: toDecimal(net / 100, 2),
        tax: toDecimal(tax / 100, 2),
        total_with_tax: toDecimal((net + tax) / 100, 2),
        credit: '0.00',
        net_to_pay: toDecimal((net + tax) / 100, 2),
        automatic: true,
        file: true,
        mail: false,
        is_canceled_by_invoice: null,
        created_at: `${date}T02:00:00.000000Z`,
        updated_at: `${date}T02:00:00.000000Z`,
      })
    }
  }
}
