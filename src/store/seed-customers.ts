// The customers part of the seed, with their contacts and customer services, drawn one by one
// from faker. More of them (`--customers`) are there for volume: seed-volume.ts.
import type { Faker } from '@faker-js/faker'
import type { Schema } from '../spec.js'
import { buildCustomer } from './rows/customers.js'
import type { Rows } from './tables.js'

export type Tables = { [K in keyof Rows]: Rows[K][] }
/** `day(n)` is the date of the nth seeded day; `stamp(n)` is its toTimestamp. */
export type Options = {
  from: number
  to: number
  salesIds: number[]
  day: (n: number) => Date
  stamp: (n: number) => string
}
/** Everything a default customer needs that is drawn at random (from faker). */
type Draw = {
  pick: <T>(values: readonly T[]) => T
  /** 0 to max, inclusive. */
  int: (max: number) => number
  between: (min: number, max: number) => number
  chance: () => boolean
  digits: (n: number) => string
  letter: () => string
  postalCode: () => string
  company: () => string
  firstName: () => string
  lastName: () => string
  domain: () => string
  street: () => string
  city: () => string
  services: () => number[]
  /** A contact's e-mail address: `first.last@domain`, lower-cased, without accents. */
  email: (first: string, last: string, domain: string) => string
}

export const unaccented = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^\w.@-]/g, '')

export function seedCustomers(faker: Faker, tables: Tables, options: Options) {
  const draw: Draw = {
    pick: (values) => faker.helpers.arrayElement(values),
    int: (max) => faker.number.int(max),
    between: (min, max) => faker.number.int({ min, max }),
    chance: () => faker.datatype.boolean(),
    digits: (n) => faker.string.numeric(n),
    letter: () => faker.string.alpha({ length: 1, casing: 'upper' }),
    postalCode: () => faker.location.zipCode('#####'),
    company: () => faker.company.name(),
    firstName: () => faker.person.firstName(),
    lastName: () => faker.person.lastName(),
    domain: () => faker.internet.domainName(),
    street: () => faker.location.streetAddress(),
    city: () => faker.location.city(),
    services: () =>
      faker.helpers.arrayElements(tables.customer_services, { min: 0, max: 3 }).map((s) => s.id),
    email: (first, last, domain) => unaccented(`${first}.${last}@${domain}`),
  }
  addCustomers(draw, tables, options)
}

/** The customers `from` to `to`; the draws happen in one fixed order, which keeps a seed's data the same from run to run. */
function addCustomers(draw: Draw, tables: Tables, options: Options) {
  const representatives = [null, ...options.salesIds, 1, 2]
  // A domain's addresses, made once: many customers share a domain of the pool.
  const sites = new Map<string, { contact: string; billing: string; website: string }>()
  const siteOf = (domain: string) => {
    let site = sites.get(domain)
    if (!site)
      sites.set(
        domain,
        (site = {
          contact: `contact@${domain}`,
          billing: `billing@${domain}`,
          website: `https://www.${domain}`,
        }),
      )
    return site
  }
  for (let id = options.from; id <= options.to; id++) {
    const company = draw.company()
    const firstName = draw.firstName()
    const lastName = draw.lastName()
    const domain = draw.domain()
    const site = siteOf(domain)
    const customer = buildCustomer(
      {
        name: company,
        representative_id: draw.pick(representatives),
        registration_number: draw.digits(14),
        tax_registration_number: `FR${draw.digits(11)}`,
        type: draw.pick(['SAS', 'SARL', 'SA', 'Auto-Entrepreneur']),
        capital: String(draw.between(1, 500) * 1000),
        activity_code: `${draw.digits(4)}${draw.letter()}`,
        email_address: site.contact,
        account_email_address: site.billing,
        phone: `+331${draw.digits(8)}`,
        mobile_phone: draw.chance() ? `+336${draw.digits(8)}` : null,
        main_contact_first_name: firstName,
        main_contact_last_name: lastName,
        main_address_line1: draw.street(),
        main_address_postal_code: draw.postalCode(),
        main_address_city: draw.city(),
        website: site.website,
        active: draw.int(9) > 0,
        vip: draw.int(9) === 0,
        on_call_duty: draw.int(4) === 0,
        charge_vat: draw.int(9) > 0,
      },
      id,
      options.day(id),
    )
    tables.customers.push(customer)

    const stamp = customer.created_at
    for (let n = draw.int(2); n >= 0; n--) {
      const first = n === 0 ? firstName : draw.firstName()
      const last = n === 0 ? lastName : draw.lastName()
      tables.contacts.push(
        contact(
          tables.contacts.length + 1,
          id,
          first,
          last,
          draw.email(first, last, domain),
          n === 0,
          stamp,
        ),
      )
    }
    for (const serviceId of draw.services().sort((a, b) => a - b))
      tables.customer_service_assignments.push({
        id: tables.customer_service_assignments.length + 1,
        customer_id: id,
        customer_service_id: serviceId,
        extra: {},
      })
  }
}

export function contact(
  id: number,
  customerId: number,
  first: string,
  last: string,
  email: string,
  main: boolean,
  stamp: string,
): Schema<'Contact'> {
  return {
    id,
    contactable_type: 'App\\Customer',
    contactable_id: customerId,
    civility: null,
    first_name: first,
    last_name: last,
    email_address: email,
    mobile_phone: null,
    landline_phone: null,
    role: main ? 'Manager' : null,
    service: null,
    legal_representative: main,
    invoices_recipient: main,
    newsletters_recipient: true,
    is_signer_contract: main,
    is_signer_iban: false,
    profunction_id: null,
    comment: null,
    created_at: stamp,
    updated_at: stamp,
  }
}
