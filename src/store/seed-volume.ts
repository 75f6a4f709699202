// The customers past the default ones (`--customers`), there for volume: drawn from pools of
// faker's values by a small seeded generator, several times faster than faker one by one, and
// without billing, so that a sandbox of 100k customers starts in about two seconds rather than
// twelve.
import type { Faker } from '@faker-js/faker'
import { buildVolumeCustomer } from './rows/customers.js'
import { contact, unaccented, type Options, type Tables } from './seed-customers.js'

/** French legal forms, as faker's French company names end. */
const LEGAL_FORMS = [
  'SA',
  'SARL',
  'SAS',
  'SASU',
  'EURL',
  'SNC',
  'SCOP',
  'SCS',
  'SCA',
  'SEM',
  'GIE',
  'EI',
]

export function seedMoreCustomers(faker: Faker, tables: Tables, options: Options) {
  if (options.from > options.to) return
  const pool = <T>(size: number, draw: () => T) => Array.from({ length: size }, draw)
  const lastNames = pool(600, () => faker.person.lastName())
  const firstNames = pool(600, () => faker.person.firstName())
  const domains = pool(2000, () => faker.internet.domainName())
  const streets = pool(1000, () => faker.location.streetAddress())
  const cities = pool(300, () => faker.location.city())
  const random = createRandom(faker.number.int(2 ** 32 - 1))
  addVolumeCustomers(random, { lastNames, firstNames, domains, streets, cities }, tables, options)
}

type Pools = {
  lastNames: string[]
  firstNames: string[]
  domains: string[]
  streets: string[]
  cities: string[]
}
const TYPES = ['SAS', 'SARL', 'SA', 'Auto-Entrepreneur']
/** The volume's assignments share one empty `extra` (the table freezes it): a write of one makes a new object (customer-services.ts). */
const NO_EXTRA: Record<string, unknown> = {}
const POWERS = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]

/**
 * The volume customers, in one tight loop: the same draws in the same order as addCustomers makes
 * (a seed's data stays the same), but names are drawn as indexes into the pools, whose unaccented
 * forms and whose domains' addresses are made once, and rows are object literals. At 100k
 * customers this is most of the start-up, and most of its garbage collection.
 */
function addVolumeCustomers(random: () => number, pools: Pools, tables: Tables, options: Options) {
  const { lastNames, firstNames, domains, streets, cities } = pools
  const index = (length: number) => Math.floor(random() * length)
  const int = (max: number) => Math.floor(random() * (max + 1))
  const pick = <T>(values: readonly T[]): T => values[index(values.length)]!
  /**
   * n random digits (n ≤ 15), eight to a draw: the draws' 8-digit numbers written one after the
   * other, cut at n. Computed as one number below 10^n, written with a leading 1 that is dropped:
   * two strings made, where joining 8-digit pieces made five.
   */
  const digits = (n: number) => {
    let value = 0
    for (let left = n; left > 0; left -= 8) {
      const draw = Math.floor(random() * 1e8)
      value =
        left >= 8
          ? value * 1e8 + draw
          : value * POWERS[left]! + Math.floor(draw / POWERS[8 - left]!)
    }
    return String(POWERS[n]! + value).slice(1)
  }
  // Pieces of names and e-mail addresses made once: each piece joined for a row makes a string
  // object more that lives as long as the row (two where there were four in an address).
  const lastNameThen = lastNames.map((name) => `${name} `)
  const lastNameAnd = lastNames.map((name) => `${name} et `)
  const plainLast = lastNames.map(unaccented)
  const emailFirst = firstNames.map((name) => `${unaccented(name)}.`)
  const emailDomain = domains.map((domain) => `@${unaccented(domain)}`)
  const sites = domains.map((domain) => ({
    contact: `contact@${domain}`,
    billing: `billing@${domain}`,
    website: `https://www.${domain}`,
  }))
  const representatives = [null, ...options.salesIds, 1, 2]
  const serviceIds = tables.customer_services.map((s) => s.id)
  const { customers, contacts, customer_service_assignments: assignments } = tables
  const services: number[] = []

  for (let id = options.from; id <= options.to; id++) {
    // The two shapes of faker's French company names.
    const name =
      random() < 0.5
        ? lastNameThen[index(lastNames.length)] + pick(LEGAL_FORMS)
        : lastNameAnd[index(lastNames.length)] + pick(lastNames)
    const first = index(firstNames.length)
    const last = index(lastNames.length)
    const domain = index(domains.length)
    const site = sites[domain]!
    const stamp = options.stamp(id)
    customers.push(
      buildVolumeCustomer(
        {
          name,
          representative_id: pick(representatives),
          registration_number: digits(14),
          tax_registration_number: `FR${digits(11)}`,
          type: pick(TYPES),
          capital: String((1 + int(499)) * 1000),
          activity_code: `${digits(4)}${String.fromCharCode(65 + int(25))}`,
          email_address: site.contact,
          account_email_address: site.billing,
          phone: `+331${digits(8)}`,
          mobile_phone: random() < 0.5 ? `+336${digits(8)}` : null,
          main_contact_first_name: firstNames[first]!,
          main_contact_last_name: lastNames[last]!,
          main_address_line1: pick(streets),
          main_address_postal_code: digits(5),
          main_address_city: pick(cities),
          website: site.website,
          active: int(9) > 0,
          vip: int(9) === 0,
          on_call_duty: int(4) === 0,
          charge_vat: int(9) > 0,
        },
        id,
        stamp,
      ),
    )

    // The main contact last, as addCustomers draws them.
    for (let n = int(2); n >= 0; n--) {
      const f = n === 0 ? first : index(firstNames.length)
      const l = n === 0 ? last : index(lastNames.length)
      const email = `${emailFirst[f]}${plainLast[l]}${emailDomain[domain]}`
      contacts.push(
        contact(contacts.length + 1, id, firstNames[f]!, lastNames[l]!, email, n === 0, stamp),
      )
    }
    // The distinct services drawn, put in ascending order as they come: three at most, where a
    // sort per customer would allocate its work arrays.
    services.length = 0
    for (let n = int(3); n > 0; n--) {
      const service = pick(serviceIds)
      if (services.includes(service)) continue
      services.push(service)
      for (let i = services.length - 1; i > 0 && services[i - 1]! > service; i--) {
        services[i] = services[i - 1]!
        services[i - 1] = service
      }
    }
    for (const serviceId of services)
      assignments.push({
        id: assignments.length + 1,
        customer_id: id,
        customer_service_id: serviceId,
        extra: NO_EXTRA,
      })
  }
}

/** mulberry32: a tiny generator of numbers in [0, 1), the same sequence for the same seed. */
function createRandom(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = Math.imul(state ^ (state >>> 15), state | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
