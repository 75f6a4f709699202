// The deterministic seed: the same seed number gives byte-identical state. The ids the docs'
// examples use exist (customer 42, CL000123, customer services 1, 3 and 7, a consumption month
// 202603), so every documented example works verbatim on a fresh sandbox.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Faker } from '@faker-js/faker'
import { timestampAt } from '../laravel/serialize.js'
import { packageFile } from '../paths.js'
import { seedCatalog } from './seed-catalog.js'
import { seedBilling } from './seed-billing.js'
import { seedCustomers } from './seed-customers.js'
import { seedMoreCustomers } from './seed-volume.js'
import { seedCrm } from './seed-crm.js'
import { seedCollection } from './seed-collection.js'
import { COLLECTION_TABLES, STATE_VERSION, type State, type Rows } from './tables.js'

type FixtureUser = {
  id: number
  name: string
  email: string
  password: string
  role: number
  token: string
}
type Fixtures = {
  users: FixtureUser[]
  expired_tokens: { user_id: number; token: string; expires_at: string }[]
}

const readFixture = <T>(name: string): T =>
  JSON.parse(readFileSync(packageFile(`fixtures/${name}`), 'utf8')) as T
export const fixtureUsers = () => readFixture<Fixtures>('users.json').users

/**
 * faker's French locale (its own entry point: French, then English, then base data, in a fifth of
 * the whole package's time), loaded when a seed is first drawn (some 60 ms): a start whose state
 * comes from the seed cache never draws. Loaded with require, which takes an ES module from Node
 * 20.19 on, so that drawing stays synchronous.
 */
let french: Faker | undefined
const frenchFaker = (): Faker =>
  (french ??= (
    createRequire(import.meta.url)(
      '@faker-js/faker/locale/fr',
    ) as typeof import('@faker-js/faker/locale/fr')
  ).faker)

export const SEED_SIZES = { customers: 150, customerServices: 10, prospects: 30 }
/** Seeded records are dated from here on, one day apart, so timestamps never depend on the clock. */
const EPOCH = Date.UTC(2025, 0, 6, 9, 0, 0)
const day = (n: number) => new Date(EPOCH + n * 86_400_000)
/** toTimestamp(day(n)). */
const stamp = (n: number) => timestampAt(EPOCH + n * 86_400_000)

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

export function createSeedState(
  seed: number,
  options: { adminToken?: string; sizes?: Partial<typeof SEED_SIZES> } = {},
): State {
  const sizes = { ...SEED_SIZES, ...options.sizes }
  const faker = frenchFaker()
  faker.seed(seed)
  const fixtures = readFixture<Fixtures>('users.json')
  const tables: { [K in keyof Rows]: Rows[K][] } = {
    users: [],
    tokens: [],
    customers: [],
    contacts: [],
    customer_services: [],
    customer_service_assignments: [],
    customer_files: [],
    invoices: [],
    consumptions: [],
    taxes: [],
    suppliers: [],
    families: [],
    subfamilies: [],
    items: [],
    bundles: [],
    bundle_lines: [],
    prospects: [],
    customer_file_contacts: [],
    licences: [],
    initials: [],
    recurrings: [],
    notes: [],
    phone_calls: [],
    ...(Object.fromEntries(COLLECTION_TABLES.map((name) => [name, [] as Rows[typeof name][]])) as {
      [K in (typeof COLLECTION_TABLES)[number]]: Rows[K][]
    }),
  }

  for (const u of fixtures.users) {
    tables.users.push({
      id: u.id,
      name: u.name,
      email: u.email,
      password: u.password,
      role: u.role,
      phone: null,
      mobile_phone: null,
      active: true,
      created_at: stamp(0),
      updated_at: stamp(0),
    })
    tables.tokens.push({
      id: tables.tokens.length + 1,
      token: u.token,
      user_id: u.id,
      expires_at: null,
      revoked: false,
    })
  }
  for (const t of fixtures.expired_tokens)
    tables.tokens.push({
      id: tables.tokens.length + 1,
      token: t.token,
      user_id: t.user_id,
      expires_at: t.expires_at,
      revoked: false,
    })
  if (options.adminToken && !tables.tokens.some((t) => t.token === options.adminToken))
    tables.tokens.push({
      id: tables.tokens.length + 1,
      token: options.adminToken,
      user_id: fixtures.users[0]!.id,
      expires_at: null,
      revoked: false,
    })
  const salesIds = fixtures.users.filter((u) => u.role < 8).map((u) => u.id)

  SERVICES.slice(0, sizes.customerServices).forEach(([key, name, description], i) =>
    tables.customer_services.push({
      id: i + 1,
      key,
      name,
      description,
      can_be_enabled: i % 3 === 0,
      created_at: stamp(i),
      updated_at: stamp(i),
    }),
  )

  const detailed = Math.min(sizes.customers, SEED_SIZES.customers)
  seedCustomers(faker, tables, { from: 1, to: detailed, salesIds, day, stamp })
  // Drawn after the customers, so that the customers are the same whatever the catalog holds.
  seedCatalog(faker, tables, day)
  seedBilling(faker, tables, day, sizes)
  // Drawn last, so that the default data is the same whatever the number of customers.
  seedMoreCustomers(faker, tables, {
    from: detailed + 1,
    to: sizes.customers,
    salesIds,
    day,
    stamp,
  })
  // The official SDK's resources, from a generator of their own: the data above stays as it was.
  seedCrm(seed, faker, tables, { detailed, userIds: fixtures.users.map((u) => u.id), stamp })
  // The request collection's resources, likewise from a generator of their own.
  seedCollection(seed, faker, tables, { customers: detailed, stamp })
  return { version: STATE_VERSION, seed, tables }
}
