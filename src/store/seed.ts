// The deterministic seed: the same seed number gives byte-identical state. The ids the docs'
// examples use exist (customer 42, CL000123, customer services 1, 3 and 7, a consumption month
// 202603), so every documented example works verbatim on a fresh sandbox.
import { readFileSync } from 'node:fs'
import { Faker, fr, en, base } from '@faker-js/faker'
import type { Schema } from '../spec.js'
import { toDecimal, toTimestamp } from '../laravel/serialize.js'
import { buildCustomer } from '../resources/customers.js'
import { seedCatalog } from './seed-catalog.js'
import { seedBilling } from './seed-billing.js'
import { STATE_VERSION, type State, type Rows } from './store.js'

type FixtureUser = { id: number; name: string; email: string; password: string; role: number; token: string }
type Fixtures = { users: FixtureUser[]; expired_tokens: { user_id: number; token: string; expires_at: string }[] }

const readFixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8')) as T
export const fixtureUsers = () => readFixture<Fixtures>('users.json').users

export const SEED_SIZES = { customers: 150, customerServices: 10, prospects: 30 }
/** Seeded records are dated from here on, one day apart, so timestamps never depend on the clock. */
const EPOCH = Date.UTC(2025, 0, 6, 9, 0, 0)
const day = (n: number) => new Date(EPOCH + n * 86_400_000)

const SERVICES: [key: string, name: string, description: string][] = [
  ['support_premium', 'Premium support', '24/7 support with a four-hour response time.'],
  ['support_standard', 'Standard support', 'Business-hours support.'],
  ['monitoring', 'Network monitoring', 'Proactive monitoring of links and equipment.'],
  ['call_recording', 'Call recording', 'Recording and retention of calls.'],
  ['sms_gateway', 'SMS gateway', 'Sending SMS through the API.'],
  ['fax_to_mail', 'Fax to mail', 'Incoming faxes delivered by e-mail.'],
  ['backup_4g', '4G backup', 'Automatic 4G failover for the main link.'],
  ['customer_portal', 'Customer portal', 'Access to the self-service customer portal.'],
  ['ip_pbx_hosting', 'Hosted IP PBX', 'A hosted IP PBX with its administration interface.'],
  ['security_pack', 'Security pack', 'Firewall and DDoS protection.'],
]

export function createSeedState(seed: number, options: { adminToken?: string; sizes?: Partial<typeof SEED_SIZES> } = {}): State {
  const sizes = { ...SEED_SIZES, ...options.sizes }
  const faker = new Faker({ locale: [fr, en, base], seed })
  const fixtures = readFixture<Fixtures>('users.json')
  const stamp = (n: number) => toTimestamp(day(n))
  const tables: { [K in keyof Rows]: Rows[K][] } = {
    users: [], tokens: [], customers: [], contacts: [], customer_services: [], customer_service_assignments: [],
    customer_files: [], invoices: [], consumptions: [], taxes: [], suppliers: [], families: [], subfamilies: [], items: [],
    bundles: [], bundle_lines: [], prospects: [], customer_file_contacts: [], licences: [], initials: [], recurrings: [],
  }

  for (const u of fixtures.users) {
    tables.users.push({ id: u.id, name: u.name, email: u.email, password: u.password, role: u.role, phone: null, mobile_phone: null, active: true, created_at: stamp(0), updated_at: stamp(0) })
    tables.tokens.push({ id: tables.tokens.length + 1, token: u.token, user_id: u.id, expires_at: null, revoked: false })
  }
  for (const t of fixtures.expired_tokens) tables.tokens.push({ id: tables.tokens.length + 1, token: t.token, user_id: t.user_id, expires_at: t.expires_at, revoked: false })
  if (options.adminToken && !tables.tokens.some((t) => t.token === options.adminToken))
    tables.tokens.push({ id: tables.tokens.length + 1, token: options.adminToken, user_id: fixtures.users[0]!.id, expires_at: null, revoked: false })
  const salesIds = fixtures.users.filter((u) => u.role < 8).map((u) => u.id)

  SERVICES.slice(0, sizes.customerServices).forEach(([key, name, description], i) =>
    tables.customer_services.push({ id: i + 1, key, name, description, can_be_enabled: i % 3 === 0, created_at: stamp(i), updated_at: stamp(i) }),
  )

  for (let id = 1; id <= sizes.customers; id++) {
    const company = faker.company.name()
    const firstName = faker.person.firstName()
    const lastName = faker.person.lastName()
    const domain = faker.internet.domainName()
    const customer = buildCustomer(
      {
        name: company,
        representative_id: faker.helpers.arrayElement([null, ...salesIds, 1, 2]),
        registration_number: faker.string.numeric(14),
        tax_registration_number: `FR${faker.string.numeric(11)}`,
        type: faker.helpers.arrayElement(['SAS', 'SARL', 'SA', 'Auto-Entrepreneur']),
        capital: String(faker.number.int({ min: 1, max: 500 }) * 1000),
        activity_code: `${faker.string.numeric(4)}${faker.string.alpha({ length: 1, casing: 'upper' })}`,
        email_address: `contact@${domain}`,
        account_email_address: `billing@${domain}`,
        phone: `+331${faker.string.numeric(8)}`,
        mobile_phone: faker.datatype.boolean() ? `+336${faker.string.numeric(8)}` : null,
        main_contact_first_name: firstName,
        main_contact_last_name: lastName,
        main_address_line1: faker.location.streetAddress(),
        main_address_postal_code: faker.location.zipCode('#####'),
        main_address_city: faker.location.city(),
        website: `https://www.${domain}`,
        active: faker.number.int(9) > 0,
        vip: faker.number.int(9) === 0,
        on_call_duty: faker.number.int(4) === 0,
        charge_vat: faker.number.int(9) > 0,
      },
      id,
      day(id),
    )
    tables.customers.push(customer)

    for (let n = faker.number.int(2); n >= 0; n--) {
      const first = n === 0 ? firstName : faker.person.firstName()
      const last = n === 0 ? lastName : faker.person.lastName()
      tables.contacts.push(contact(tables.contacts.length + 1, id, first, last, domain, n === 0, stamp(id)))
    }
    const services = faker.helpers.arrayElements(tables.customer_services, { min: 0, max: 3 })
    for (const s of services.sort((a, b) => a.id - b.id))
      tables.customer_service_assignments.push({ id: tables.customer_service_assignments.length + 1, customer_id: id, customer_service_id: s.id, extra: {} })
  }
  // Drawn after the customers, so that the customers are the same whatever the catalog holds.
  seedCatalog(faker, tables, day)
  seedBilling(faker, tables, day, sizes)
  return { version: STATE_VERSION, seed, tables }
}

function contact(id: number, customerId: number, first: string, last: string, domain: string, main: boolean, stamp: string): Schema<'Contact'> {
  return {
    id, contactable_type: 'App\\Customer', contactable_id: customerId, civility: null, first_name: first, last_name: last,
    email_address: `${first}.${last}@${domain}`.toLowerCase().normalize('NFD').replace(/[^\w.@-]/g, ''),
    mobile_phone: null, landline_phone: null, role: main ? 'Manager' : null, service: null,
    legal_representative: main, invoices_recipient: main, newsletters_recipient: true, is_signer_contract: main,
    is_signer_iban: false, profunction_id: null, comment: null, created_at: stamp, updated_at: stamp,
  }
}
