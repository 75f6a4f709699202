// The seed of the request collection's resources: a few rows per table, each column drawn from
// what the contract says of it (its type, format, values, range) and its name. Drawn from a faker
// of its own, seeded from the seed, after everything else: the rest of the seed stays as it was.
import type { Faker, LocaleDefinition } from '@faker-js/faker'
import { toTimestamp } from '../laravel/serialize.js'
import { collectionModels, type Column } from './collection-models.js'
import type { RecordRow, Rows } from './tables.js'

type Tables = { [K in keyof Rows]: Rows[K][] }
type Options = { customers: number; stamp: (n: number) => string }

/** Keeps this generator's sequence apart from the others', for the same seed. */
const SALT = 0xc011
const ROWS = 6
/** Tables of one row (an instance's settings), and tables that are worth a few more. */
const SIZES: Record<string, number> = {
  ticketing_configs: 1,
  click_to_call_settings: 1,
  tickets: 12,
}
/** Owners named by class and id: a customer's, except an attachment's (a ticket's). */
const OWNER_CLASS: Record<string, string> = { attachable_type: 'App\\Ticket' }
const OWNER_TABLE: Record<string, string> = { attachable_id: 'tickets' }
const CUSTOMER_IDS =
  /^(customer_id|fileable_id|documentable_id|ticketable_id|support_contracteable_id)$/
const TEXT = /^(body|description|comment|text|content|content_admin|summary|excerpt|allergy)$/
const TITLE = /(subject|title|question|proposition|reply)$/

const twoDigits = (n: number) => String(n).padStart(2, '0')

export function seedCollection(seed: number, shared: Faker, tables: Tables, options: Options) {
  const FakerOf = shared.constructor as new (options: { locale: LocaleDefinition }) => Faker
  const faker = new FakerOf({ locale: shared.rawDefinitions })
  faker.seed(seed ^ SALT)
  const sizeOf = (table: string) => SIZES[table] ?? ROWS

  const valueOf = (column: Column, table: string, n: number): unknown => {
    const { name, types, format } = column
    const values = column.enum?.filter((v) => v !== null)
    if (values?.length) return faker.helpers.arrayElement(values)
    if (types.includes('boolean')) return faker.datatype.boolean()
    if (types.includes('integer')) {
      if (CUSTOMER_IDS.test(name)) return faker.number.int({ min: 1, max: options.customers })
      if (name.endsWith('_id'))
        return faker.number.int({ min: 1, max: sizeOf(OWNER_TABLE[name] ?? table) })
      return faker.number.int({ min: column.minimum ?? 1, max: column.maximum ?? 60 })
    }
    if (types.includes('number')) {
      const max = column.maximum ?? 500
      return max <= 1
        ? faker.helpers.arrayElement([0, 0.5, 1])
        : faker.number.float({ min: column.minimum ?? 0, max, fractionDigits: 2 })
    }
    if (types.includes('array'))
      return column.items === 'integer'
        ? faker.helpers.uniqueArray(() => faker.number.int({ min: 1, max: ROWS }), 2)
        : column.items === 'string'
          ? faker.lorem.words(2).split(' ')
          : []
    if (types.includes('object')) return {}
    if (format === 'date')
      return faker.date.between({ from: '2024-01-01', to: '2026-01-01' }).toISOString().slice(0, 10)
    // A moment something happened (closed, sent, published, tracking since): not yet, in the seed.
    if (format === 'date-time') return null
    if (column.pattern?.includes('/')) {
      const day = faker.date.between({ from: '2024-01-01', to: '2026-01-01' })
      return `${twoDigits(day.getUTCDate())}/${twoDigits(day.getUTCMonth() + 1)}/${day.getUTCFullYear()}`
    }
    return stringOf(column, table).slice(0, column.maxLength ?? 255)
  }

  const stringOf = ({ name, format }: Column, table: string): string => {
    if (format === 'email' || name === 'email' || name === 'from')
      return faker.internet.email().toLowerCase()
    if (name.endsWith('_type')) return OWNER_CLASS[name] ?? 'App\\Customer'
    if (name === 'token') return faker.string.alphanumeric(25)
    if (name === 'project_id')
      return faker.string.hexadecimal({ length: 32, prefix: '', casing: 'lower' })
    if (name === 'first_name') return faker.person.firstName()
    if (name === 'last_name') return faker.person.lastName()
    if (name === 'name' && table === 'languages') return faker.location.language().name
    if (name === 'name') return faker.company.name()
    if (name === 'code') return faker.string.alpha({ length: 3, casing: 'upper' })
    if (/phone|number$/.test(name)) return `+336${faker.string.numeric(8)}`
    if (name === 'iban') return faker.finance.iban({ countryCode: 'FR' })
    if (name === 'bic') return faker.finance.bic()
    if (/url|website/.test(name)) return faker.internet.url()
    if (name === 'file_name') return faker.system.commonFileName('pdf')
    if (name === 'mime_type') return 'application/pdf'
    if (name === 'status') return faker.helpers.arrayElement(['open', 'closed'])
    if (name === 'content' || name === 'content_admin') return '{}'
    if (TEXT.test(name)) return faker.lorem.paragraph()
    if (TITLE.test(name)) return faker.lorem.sentence({ min: 3, max: 7 })
    return faker.lorem.words({ min: 1, max: 3 })
  }

  let day = 0
  for (const model of collectionModels().values()) {
    const rows = tables[model.table as keyof Tables] as RecordRow[]
    if (rows.length) continue // two schemas of one table: seeded once
    for (let id = 1; id <= sizeOf(model.table); id++) {
      const row: RecordRow = { id }
      const stamp = toTimestamp(new Date(Date.parse(options.stamp(450 + (day++ % 200)))))
      for (const column of model.columns)
        if (column.name !== 'id')
          row[column.name] =
            column.name === 'created_at' || column.name === 'updated_at'
              ? stamp
              : valueOf(column, model.table, id)
      rows.push(row)
    }
  }
}
