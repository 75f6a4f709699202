// How an Eloquent model is saved: its timestamps are stored to the second (MySQL TIMESTAMP columns),
// and save() writes only a dirty model, so an update that changes no value leaves updated_at alone.
import { toTimestamp } from '../../laravel/serialize.js'
import type { Row, Table } from '../table.js'

/** freshTimestamp() as the column keeps it: whole seconds, `2026-03-24T10:00:00.000000Z`. */
export const freshTimestamp = (now: Date): string =>
  toTimestamp(new Date(now.getTime() - (((now.getTime() % 1000) + 1000) % 1000)))

const same = (a: unknown, b: unknown) =>
  a === b ||
  (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b))

/** What an update writes to `row`: the fields whose value changes and a fresh updated_at, or nothing when none does. */
export function changesOf<T extends { updated_at: string }>(
  row: T,
  fields: Partial<T>,
  now: Date,
): Partial<T> | undefined {
  const dirty: Partial<T> = {}
  for (const key of Object.keys(fields) as (keyof T)[])
    if (!same(row[key], fields[key])) dirty[key] = fields[key]
  return Object.keys(dirty).length ? { ...dirty, updated_at: freshTimestamp(now) } : undefined
}

/** Saves `fields` on `row` as Eloquent's update() does: only a dirty model is written (and touched). */
export function saveRow<T extends Row & { updated_at: string }>(
  table: Table<T>,
  row: T,
  fields: Partial<T>,
  now: Date,
): T {
  const changes = changesOf(row, fields, now)
  return changes ? table.update(row.id, changes) : row
}
