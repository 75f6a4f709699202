// The sandbox's tables: the type of each one's rows, and the plain JSON state they are made from
// (what is persisted, exported and imported).
import type { Schema } from '../spec.js'
import type { Table } from './table.js'
import { collectionTables } from '../generated/rules.js'

export type UserRow = Schema<'User'> & { password: string }
export type TokenRow = {
  id: number
  token: string
  user_id: number
  expires_at: string | null
  revoked: boolean
}
/** The customer <-> customer service pivot, with its extra pivot columns. */
export type AssignmentRow = {
  id: number
  customer_id: number
  customer_service_id: number
  extra: Record<string, unknown>
}
/** A consumption (call, data, SMS) rated on a customer file, summed per billing month. */
export type ConsumptionRow = {
  id: number
  customer_id: number
  customer_file_id: number | null
  month: string
  label: string
  amount: string
}
/** The three kinds of line a bundle (and a customer file) holds. */
export type LineKind = 'initial' | 'licence' | 'recurring'
/** A bundle's line of one kind (the documented "Bundle Initial Item" shape, for every kind). */
export type BundleLineRow = Schema<'BundleInitialItem'> & { id: number; kind: LineKind }
/** The customer file <-> contact pivot (`contact_ids` syncs it). */
export type FileContactRow = { id: number; customer_file_id: number; contact_id: number }

/** A row of a table served from the contract alone: its columns are its model's (collection-models.ts). */
export type RecordRow = { id: number; [column: string]: unknown }
/** The tables of the request collection's models (`x-table` in the contract). */
export type CollectionTableName = (typeof collectionTables)[number]
export const COLLECTION_TABLES: readonly CollectionTableName[] = collectionTables

type CoreRows = {
  users: UserRow
  tokens: TokenRow
  customers: Schema<'Customer'>
  contacts: Schema<'Contact'>
  customer_services: Schema<'CustomerService'>
  customer_service_assignments: AssignmentRow
  customer_files: Schema<'CustomerFile'>
  invoices: Schema<'Invoice'>
  consumptions: ConsumptionRow
  taxes: Schema<'Tax'>
  suppliers: Schema<'Supplier'>
  families: Schema<'Family'>
  subfamilies: Schema<'Subfamily'>
  items: Schema<'Item'>
  bundles: Schema<'Bundle'>
  bundle_lines: BundleLineRow
  prospects: Schema<'Prospect'>
  customer_file_contacts: FileContactRow
  licences: Schema<'Licence'>
  initials: Schema<'Initial'>
  recurrings: Schema<'Recurring'>
  notes: Schema<'Note'>
  phone_calls: Schema<'PhoneCall'>
}
export type Rows = CoreRows & { [K in CollectionTableName]: RecordRow }
export type TableName = keyof Rows
export const TABLE_NAMES: readonly TableName[] = [
  'users',
  'tokens',
  'customers',
  'contacts',
  'customer_services',
  'customer_service_assignments',
  'customer_files',
  'invoices',
  'consumptions',
  'taxes',
  'suppliers',
  'families',
  'subfamilies',
  'items',
  'bundles',
  'bundle_lines',
  'prospects',
  'customer_file_contacts',
  'licences',
  'initials',
  'recurrings',
  'notes',
  'phone_calls',
  ...COLLECTION_TABLES,
]

export const STATE_VERSION = 2
export type State = { version: number; seed: number; tables: { [K in TableName]: Rows[K][] } }

export type Tables = { [K in TableName]: Table<Rows[K]> }
