// The line rows of a customer file (seeds/002 steps 5-7): licences, one-time initials and recurring
// subscriptions. A new line takes its label and price from its item unless given, then the
// contract's defaults; a subscription is billed as often as its file unless told otherwise.
import type { Schema } from '../../spec.js'
import { modelDefaults } from '../../generated/rules.js'
import type { LineKind } from '../tables.js'

export type LineRows = {
  licence: Schema<'Licence'>
  initial: Schema<'Initial'>
  recurring: Schema<'Recurring'>
}

// The item gives these two: they lead the row, before the defaults.
const { label: _l, selling_price_without_tax: _p, ...licence } = modelDefaults.Licence
const { label: _il, selling_price_without_tax: _ip, ...initial } = modelDefaults.Initial
const {
  label: _rl,
  selling_price_without_tax: _rp,
  service_start,
  first_invoice,
  ...recurring
} = modelDefaults.Recurring

/** What a new line of each kind is made from: its columns, the file, the item and the quantity among them. */
export type NewLineFields = {
  [K in LineKind]: Partial<LineRows[K]> &
    Pick<LineRows[K], 'customer_file_id' | 'item_id' | 'quantity'>
}
type Inherited = {
  label: string
  selling_price_without_tax: string | null
  created_at: string
  updated_at: string
}

/** Each kind's row: the item's label and price, the kind's defaults, then the fields. */
const BUILD: {
  [K in LineKind]: (
    fields: NewLineFields[K],
    inherited: Inherited,
    file: Schema<'CustomerFile'>,
  ) => Omit<LineRows[K], 'id'>
} = {
  licence: (fields, inherited) => ({ ...inherited, ...licence, ...fields }),
  // Whether and where the line was invoiced: read-only, so the contract gives no default.
  initial: (fields, inherited) => ({
    ...inherited,
    ...initial,
    invoiced: false,
    invoice_id: null,
    ...fields,
  }),
  recurring: (fields, inherited, file) => ({
    ...inherited,
    service_start,
    first_invoice,
    billing_frequency: file.billing_frequency,
    ...recurring,
    ...fields,
  }),
}

/** A new line of `kind` from validated columns. */
export function buildLine<K extends LineKind>(
  kind: K,
  fields: NewLineFields[K],
  item: Schema<'Item'>,
  file: Schema<'CustomerFile'>,
  now: string,
): Omit<LineRows[K], 'id'> {
  return BUILD[kind](
    fields,
    {
      label: item.description,
      selling_price_without_tax: item.selling_price_without_tax,
      created_at: now,
      updated_at: now,
    },
    file,
  )
}
