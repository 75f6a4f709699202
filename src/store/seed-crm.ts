// The seed of the official SDK's resources: contacts of the prospects (with phone numbers, for the
// look-up by number), notes and phone calls. Drawn from a faker of their own, seeded from the seed,
// after everything else: the rest of the seed, which the docs' examples use, stays byte-identical.
import type { Faker, LocaleDefinition } from '@faker-js/faker'
import type { Schema } from '../spec.js'
import { toTimestamp } from '../laravel/serialize.js'
import { CONTACT_DEFAULTS, NOTE_DEFAULTS, PHONE_CALL_DEFAULTS } from './rows/crm.js'
import type { Rows } from './tables.js'

type Tables = { [K in keyof Rows]: Rows[K][] }
type Options = { detailed: number; userIds: number[]; stamp: (n: number) => string }
type Contact = Schema<'Contact'>

const NOTE_TYPES = ['call', 'email', 'meeting', 'other'] as const
const CALL_STATUSES = ['completed', 'missed', 'voicemail', 'busy'] as const
const TOPICS = ['billing', 'outage', 'new line', 'quote', 'portability', 'support']
const CALLS = 80
/** Keeps this generator's sequence apart from the main one's, for the same seed. */
const SALT = 0x5d4

const unaccented = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^\w.@-]/g, '')

export function seedCrm(seed: number, shared: Faker, tables: Tables, options: Options) {
  // The same locale as the main faker, without touching its sequence.
  const FakerOf = shared.constructor as new (options: { locale: LocaleDefinition }) => Faker
  const faker = new FakerOf({ locale: shared.rawDefinitions })
  faker.seed(seed ^ SALT)
  const user = () => faker.helpers.arrayElement(options.userIds)
  const later = (stamp: string, minutes: number) =>
    toTimestamp(new Date(Date.parse(stamp) + minutes * 60_000))

  for (const prospect of tables.prospects) {
    const domain = prospect.email_address?.split('@')[1] ?? faker.internet.domainName()
    for (let n = faker.number.int({ min: 1, max: 2 }); n > 0; n--) {
      const first = faker.person.firstName()
      const last = faker.person.lastName()
      tables.contacts.push({
        id: tables.contacts.length + 1,
        ...CONTACT_DEFAULTS,
        contactable_type: 'App\\Prospect',
        contactable_id: prospect.id,
        first_name: first,
        last_name: last,
        email_address: unaccented(`${first}.${last}@${domain}`),
        company: prospect.name,
        mobile_phone: `+336${faker.string.numeric(8)}`,
        landline_phone: faker.datatype.boolean() ? `+331${faker.string.numeric(8)}` : null,
        role: n === 1 ? 'Manager' : faker.person.jobTitle(),
        legal_representative: n === 1,
        user_id: user(),
        created_at: prospect.created_at,
        updated_at: prospect.created_at,
      })
    }
  }

  const note = (
    noteable_type: string,
    noteable_id: number,
    stamp: string,
    fields: Partial<Schema<'Note'>> = {},
  ) => {
    tables.notes.push({
      id: tables.notes.length + 1,
      ...NOTE_DEFAULTS,
      user_id: user(),
      noteable_type,
      noteable_id,
      type: faker.helpers.arrayElement(NOTE_TYPES),
      title: faker.lorem.sentence({ min: 2, max: 5 }),
      body: faker.lorem.paragraph(),
      shared: faker.datatype.boolean(),
      created_at: stamp,
      updated_at: stamp,
      ...fields,
    })
  }
  for (const customer of tables.customers.slice(0, options.detailed))
    if (customer.id % 4 === 0 || customer.id === 42 || customer.id === 101)
      for (let n = faker.number.int({ min: 1, max: 2 }); n > 0; n--)
        note('App\\Customer', customer.id, later(customer.created_at, 60 * n))
  for (const prospect of tables.prospects)
    if (prospect.id % 2 === 1) note('App\\Prospect', prospect.id, later(prospect.created_at, 30))

  const callable = tables.contacts.filter(
    (c) => c.contactable_type === 'App\\Prospect' || c.contactable_id <= options.detailed,
  )
  for (let id = 1; id <= CALLS; id++) {
    const contact: Contact = faker.helpers.arrayElement(callable)
    const inbound = faker.datatype.boolean()
    const status = faker.helpers.arrayElement(CALL_STATUSES)
    const answered = status === 'completed'
    const started = later(options.stamp(400 + id), faker.number.int({ min: 0, max: 600 }))
    const theirs =
      contact.mobile_phone ?? contact.landline_phone ?? `+331${faker.string.numeric(8)}`
    const ours = `+3397${faker.string.numeric(7)}`
    tables.phone_calls.push({
      id,
      ...PHONE_CALL_DEFAULTS,
      user_id: user(),
      customer_id: contact.contactable_type === 'App\\Customer' ? contact.contactable_id : null,
      contact_id: contact.id,
      direction: inbound ? 'inbound' : 'outbound',
      status,
      answered,
      subject: faker.helpers.arrayElement(TOPICS),
      body: answered ? faker.lorem.sentence() : null,
      number_from: inbound ? theirs : ours,
      number_to: inbound ? ours : theirs,
      recording_file: answered ? `recordings/${started.slice(0, 10)}/call-${id}.mp3` : null,
      started_at: started,
      ended_at: later(started, answered ? faker.number.int({ min: 1, max: 25 }) : 0),
      summary: answered ? faker.lorem.sentence() : null,
      topics: answered ? faker.helpers.arrayElements(TOPICS, { min: 1, max: 2 }) : null,
      created_at: started,
      updated_at: started,
    })
    if (answered && id % 3 === 0)
      note(contact.contactable_type, contact.contactable_id, later(started, 30), {
        type: 'call',
        phone_call_id: id,
      })
  }
}
