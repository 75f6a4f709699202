// The store's domain queries: what one resource asks of another's rows (a customer's contacts,
// the files of a customer, where an item is used) and the deletes that take their dependants
// with them. The keys of the indexes they read live here alone: each is one function, so a table
// makes its index on a key the first time a query reads it and answers the same one after (an
// isolated sandbox's table pairs it with its seed's), and a resource never rebuilds an index's key
// or reaches into a sibling's table. The queries are methods of the store (store.ts): a new
// sandbox's store makes no index, no table and no closure until a request reads one.
import type { Schema } from '../spec.js'
import type { Row, Table } from './table.js'
import type { AssignmentRow, LineKind, Rows as TableRows, Tables } from './tables.js'

type Customer = Schema<'Customer'>
type FileableType = Schema<'CustomerFile'>['fileable_type']
type IndexKey = string | number | (string | number)[] | null | undefined
/** The tables of a customer file's lines, by kind. */
const FILE_LINES = { licence: 'licences', initial: 'initials', recurring: 'recurrings' } as const

/** Phone numbers compare by their digits, so `+33 1 23 45 67 89` finds `+33123456789`. */
const phoneKey = (phone: string) => phone.replace(/[^\d]/g, '')
/** A customer's contacts are the contacts whose owner is this class. */
const CUSTOMER_CLASS = 'App\\Customer'

type Key<K extends keyof Tables> = (row: TableRows[K]) => IndexKey

// The index keys, one function each (a table knows its indexes by their key function).
const BY_TOKEN: Key<'tokens'> = (t) => t.token
const BY_EMAIL: Key<'users'> = (u) => u.email.toLowerCase()
const BY_ACCOUNT: Key<'customers'> = (c) => c.customer_account?.toUpperCase()
const BY_PHONE: Key<'customers'> = (c) =>
  [c.phone, c.mobile_phone]
    .filter((p): p is string => !!p)
    .map(phoneKey)
    .filter(Boolean)
const BY_REPRESENTATIVE: Key<'customers'> = (c) => c.representative_id
// seeds/000 search: "by name or customer account".
const CUSTOMER_TEXT = (c: Customer) => [c.name, c.customer_account]
// By the owner's id alone (readers check contactable_type): a `type:id` string per contact made
// this index, which the first read of a customer builds, three times as slow at 100k customers.
const BY_CONTACTABLE: Key<'contacts'> = (c) => c.contactable_id
const BY_CUSTOMER = (row: { customer_id: number }) => row.customer_id
const BY_SERVICE: Key<'customer_service_assignments'> = (a) => a.customer_service_id
const BY_FILEABLE: Key<'customer_files'> = (f) => `${f.fileable_type}:${f.fileable_id}`
const BY_FILE = (row: { customer_file_id: number | null }) => row.customer_file_id
const BY_CUSTOMER_MONTH: Key<'consumptions'> = (c) => `${c.customer_id}:${c.month}`
const BY_FAMILY = (row: { family_id: number | null }) => row.family_id
const BY_SUBFAMILY: Key<'items'> = (i) => i.subfamily_id
const BY_REFERENCE: Key<'items'> = (i) => i.internal_reference
const BY_BUNDLE: Key<'bundle_lines'> = (l) => l.bundle_id
const BY_ITEM = (row: { item_id: number | null }) => row.item_id

const rowsOf = <T extends Row>(table: Table<T>, ids: readonly number[]): T[] =>
  ids.map((id) => table.get(id)!)
const removeAll = <T extends Row>(table: Table<T>, ids: readonly number[]) => {
  // A copy: the index's array changes as its rows go.
  for (const id of [...ids]) table.remove(id)
}

/** The tables the queries read: the store's (store.ts), made when first read. */
export interface Queries extends Tables {}

export abstract class Queries {
  tokenOf(token: string) {
    return this.tokens.index(BY_TOKEN).first(token)
  }
  userByEmail(email: string) {
    return this.users.index(BY_EMAIL).first(email.toLowerCase())
  }

  /** The customer whose account is `account`, in any case. */
  customerByAccount(account: string) {
    return this.customers.index(BY_ACCOUNT).first(account.toUpperCase())
  }
  /** The first customer with `phone` as their phone or mobile, compared by digits. */
  customerByPhone(phone: string): Customer | undefined {
    const key = phoneKey(phone)
    return key ? this.customers.index(BY_PHONE).first(key) : undefined
  }
  customersRepresentedBy(userId: number) {
    return rowsOf(this.customers, this.customers.index(BY_REPRESENTATIVE).get(userId))
  }
  /** Up to `limit` customers whose name or account holds `term`, and that `accept` lets through. */
  searchCustomers(term: string, accept: (customer: Customer) => boolean, limit: number) {
    return this.customers.textIndex(CUSTOMER_TEXT).find(term, accept, limit)
  }
  /** A customer's contacts, in id order. */
  contactsOf(customerId: number) {
    return rowsOf(this.contacts, this.contacts.index(BY_CONTACTABLE).get(customerId)).filter(
      (c) => c.contactable_type === CUSTOMER_CLASS,
    )
  }
  /** What keeps a customer from being deleted (seeds/000): its invoices and customer files. */
  customerUses(customerId: number) {
    return {
      invoices: this.invoices.index(BY_CUSTOMER).get(customerId).length,
      files: this.customer_files.index(BY_FILEABLE).get(`customer:${customerId}`).length,
    }
  }
  /** Deletes a customer with its contacts and its services (its pivot rows). */
  removeCustomer(customerId: number) {
    for (const contact of this.contactsOf(customerId)) this.contacts.remove(contact.id)
    const assignments = this.customer_service_assignments
    removeAll(assignments, assignments.index(BY_CUSTOMER).get(customerId))
    this.customers.remove(customerId)
  }
  invoicesOf(customerId: number) {
    return rowsOf(this.invoices, this.invoices.index(BY_CUSTOMER).get(customerId))
  }
  consumptionsOf(customerId: number, month: string) {
    const consumptions = this.consumptions
    return rowsOf(consumptions, consumptions.index(BY_CUSTOMER_MONTH).get(`${customerId}:${month}`))
  }

  /** A customer's services, as their pivot rows. */
  assignmentsOf(customerId: number): AssignmentRow[] {
    const assignments = this.customer_service_assignments
    return rowsOf(assignments, assignments.index(BY_CUSTOMER).get(customerId))
  }
  customerCountOf(serviceId: number) {
    return this.customer_service_assignments.index(BY_SERVICE).get(serviceId).length
  }
  /** The customers who have a service, in id order. */
  customersOf(serviceId: number) {
    const assignments = this.customer_service_assignments
    return assignments
      .index(BY_SERVICE)
      .get(serviceId)
      .map((id) => this.customers.get(assignments.get(id)!.customer_id)!)
      .sort((a, b) => a.id - b.id)
  }

  /** The files of a customer or a prospect. */
  filesOf(type: FileableType, fileableId: number) {
    const files = this.customer_files
    return rowsOf(files, files.index(BY_FILEABLE).get(`${type}:${fileableId}`))
  }
  /** A file's lines of one kind, in id order. */
  linesOf<K extends LineKind>(kind: K, fileId: number) {
    const table: Table<Row & { customer_file_id: number | null }> = this[FILE_LINES[kind]]
    return rowsOf(table, table.index(BY_FILE).get(fileId)) as TableRows[(typeof FILE_LINES)[K]][]
  }
  /** The contacts linked to a file, in id order. */
  fileContactsOf(fileId: number) {
    const links = this.customer_file_contacts
    return links
      .index(BY_FILE)
      .get(fileId)
      .map((id) => this.contacts.get(links.get(id)!.contact_id)!)
      .sort((a, b) => a.id - b.id)
  }
  /** Links the file to exactly these contacts (`contact_ids` syncs the set). */
  syncFileContacts(fileId: number, contactIds: readonly number[]) {
    const links = this.customer_file_contacts
    const current = rowsOf(links, links.index(BY_FILE).get(fileId))
    for (const link of current) if (!contactIds.includes(link.contact_id)) links.remove(link.id)
    for (const contactId of contactIds)
      if (!current.some((l) => l.contact_id === contactId))
        links.insert({ customer_file_id: fileId, contact_id: contactId })
  }
  fileInvoiceCount(fileId: number) {
    return this.invoices.index(BY_FILE).get(fileId).length
  }
  /** Deletes a file with its lines and contact links; its consumptions stay, no longer on a file. */
  removeCustomerFile(fileId: number) {
    for (const name of Object.values(FILE_LINES)) {
      const table: Table<Row & { customer_file_id: number | null }> = this[name]
      removeAll(table, table.index(BY_FILE).get(fileId))
    }
    removeAll(this.customer_file_contacts, this.customer_file_contacts.index(BY_FILE).get(fileId))
    const consumptions = this.consumptions
    for (const id of [...consumptions.index(BY_FILE).get(fileId)])
      consumptions.update(id, { customer_file_id: null })
    this.customer_files.remove(fileId)
  }

  itemByReference(reference: string) {
    return this.items.index(BY_REFERENCE).first(reference)
  }
  /** Where an item is used, by what uses it: a customer file's lines, or a bundle's. */
  itemUses(itemId: number): string[] {
    const uses: [string, number][] = [
      ...Object.values(FILE_LINES).map((name): [string, number] => {
        const table: Table<Row & { item_id: number | null }> = this[name]
        return [name, table.index(BY_ITEM).get(itemId).length]
      }),
      ['bundle lines', this.bundle_lines.index(BY_ITEM).get(itemId).length],
    ]
    return uses.filter(([, n]) => n > 0).map(([what]) => what)
  }
  familyUses(familyId: number) {
    return {
      subfamilies: this.subfamilies.index(BY_FAMILY).get(familyId).length,
      items: this.items.index(BY_FAMILY).get(familyId).length,
    }
  }
  subfamilyUses(subfamilyId: number) {
    return { items: this.items.index(BY_SUBFAMILY).get(subfamilyId).length }
  }

  /** A bundle's lines of one kind, in id order. */
  bundleLinesOf(bundleId: number, kind: LineKind) {
    const lines = this.bundle_lines
    return rowsOf(lines, lines.index(BY_BUNDLE).get(bundleId)).filter((line) => line.kind === kind)
  }
  /** Deletes a bundle with its lines. */
  removeBundle(bundleId: number) {
    removeAll(this.bundle_lines, this.bundle_lines.index(BY_BUNDLE).get(bundleId))
    this.bundles.remove(bundleId)
  }
}
