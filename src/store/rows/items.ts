// A catalog item row (seeds/004 "Item"): the contract's defaults, the fields, the timestamps.
import type { Schema } from '../../spec.js'
import { modelDefaults } from '../../generated/rules.js'
import { freshTimestamp } from './updates.js'

type Item = Schema<'Item'>

/** A complete item row from validated fields: the defaults, then the fields, then the timestamps. */
export function buildItem(
  fields: Partial<Item> & { description: string },
  id: number,
  now: Date,
): Item {
  const timestamp = freshTimestamp(now)
  return { id, ...modelDefaults.Item, ...fields, created_at: timestamp, updated_at: timestamp }
}
