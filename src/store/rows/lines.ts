// The line rows of a customer file (seeds/002 steps 5-7): licences, one-time initials and recurring
// subscriptions. A new line takes its label and price from its item unless given, then the
// contract's defaults; a subscription is billed as often as its file unless told otherwise.
import type { Schema } from '../../spec.js'
import { modelDefaults } from '../../generated/rules.js'
import type { LineKind } from '../tables.js'

export type LineRows = { licence: Schema<'Licence'>; initial: Schema<'Initial'>; recurring: Schema<'Recurring'> }

// The item gives these two: they lead the row, before the defaults.
const { label: _l, selling_price_without_tax: _p, ...licence } = modelDefaults.Licence
const { label: _il, selling_price_without_tax: _ip, ...initial } = modelDefaults.Initial
const { label: _rl, selling_price_without_tax: _rp, service_start, first_invoice, ...recurring } = modelDefaults.Recurring

/** Each kind's defaults past the label and price, given the line's file. */
const DEFAULTS: { [K in LineKind]: (file: Schema<'CustomerFile'>) => Partial<LineRows[K]> } = {
  licence: () => licence,
  // Whether and where the line was invoiced: read-only, so the contract gives no default.
  initial: () => ({ ...initial, invoiced: false, invoice_id: null }),
  recurring: (file) => ({ service_start, first_invoice, billing_frequency: file.billing_frequency, ...recurring }),
}

/** A new line of `kind` from validated columns: the item's label and price, the defaults, then the fields. */
export function buildLine<K extends LineKind>(
  kind: K, fields: Partial<LineRows[K]>, item: Schema<'Item'>, file: Schema<'CustomerFile'>, now: string,
): Omit<LineRows[K], 'id'> {
  const inherited = { label: item.description, selling_price_without_tax: item.selling_price_without_tax, created_at: now, updated_at: now }
  return { ...inherited, ...DEFAULTS[kind](file), ...fields } as Omit<LineRows[K], 'id'>
}
