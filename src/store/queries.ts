// The store's domain queries: what one resource asks of another's rows (a customer's contacts,
// the files of a customer, where an item is used) and the deletes that take their dependants
// with them. The indexes they read live here alone, built the first time a query needs one, so a
// resource never rebuilds an index's key or reaches into a sibling's table.
import type { Schema } from '../spec.js'
import type { Index, Row, Table } from './table.js'
import type { AssignmentRow, LineKind, Tables } from './tables.js'

type Customer = Schema<'Customer'>
type FileableType = Schema<'CustomerFile'>['fileable_type']
type IndexKey = string | number | (string | number)[] | null | undefined
/** The tables of a customer file's lines, by kind. */
const FILE_LINES = { licence: 'licences', initial: 'initials', recurring: 'recurrings' } as const

/** Phone numbers compare by their digits, so `+33 1 23 45 67 89` finds `+33123456789`. */
const phoneKey = (phone: string) => phone.replace(/[^\d]/g, '')
/** A customer's contacts are the contacts whose owner is this class. */
const CUSTOMER_CLASS = 'App\\Customer'

export function createQueries(tables: Tables) {
  const index = <T extends Row>(table: Table<T>, key: (row: T) => IndexKey): Index<T> =>
    table.index(key)
  const rowsOf = <T extends Row>(table: Table<T>, ids: readonly number[]): T[] =>
    ids.map((id) => table.get(id)!)
  const {
    customers,
    contacts,
    customer_files: files,
    invoices,
    consumptions,
    items,
    bundle_lines: bundleLines,
  } = tables
  const assignments = tables.customer_service_assignments
  const fileContacts = tables.customer_file_contacts

  const tokensByToken = index(tables.tokens, (t) => t.token)
  const usersByEmail = index(tables.users, (u) => u.email.toLowerCase())
  const customersByAccount = index(customers, (c) => c.customer_account?.toUpperCase())
  const customersByPhone = index(customers, (c) =>
    [c.phone, c.mobile_phone]
      .filter((p): p is string => !!p)
      .map(phoneKey)
      .filter(Boolean),
  )
  const customersByRepresentative = index(customers, (c) => c.representative_id)
  // seeds/000 search: "by name or customer account".
  const customersByText = customers.textIndex((c) => [c.name, c.customer_account])
  // By the owner's id alone (readers check contactable_type): a `type:id` string per contact made
  // this index, which the first read of a customer builds, three times as slow at 100k customers.
  const contactsByOwner = index(contacts, (c) => c.contactable_id)
  const assignmentsByCustomer = index(assignments, (a) => a.customer_id)
  const assignmentsByService = index(assignments, (a) => a.customer_service_id)
  const filesByFileable = index(files, (f) => `${f.fileable_type}:${f.fileable_id}`)
  const invoicesByCustomer = index(invoices, (i) => i.customer_id)
  const invoicesByFile = index(invoices, (i) => i.customer_file_id)
  const consumptionsByCustomerMonth = index(consumptions, (c) => `${c.customer_id}:${c.month}`)
  const consumptionsByFile = index(consumptions, (c) => c.customer_file_id)
  const subfamiliesByFamily = index(tables.subfamilies, (s) => s.family_id)
  const itemsByFamily = index(items, (i) => i.family_id)
  const itemsBySubfamily = index(items, (i) => i.subfamily_id)
  const itemsByReference = index(items, (i) => i.internal_reference)
  const bundleLinesByBundle = index(bundleLines, (l) => l.bundle_id)
  const bundleLinesByItem = index(bundleLines, (l) => l.item_id)
  const fileContactsByFile = index(fileContacts, (p) => p.customer_file_id)
  const fileLines = {
    licence: {
      table: tables.licences,
      byFile: index(tables.licences, (l) => l.customer_file_id),
      byItem: index(tables.licences, (l) => l.item_id),
    },
    initial: {
      table: tables.initials,
      byFile: index(tables.initials, (l) => l.customer_file_id),
      byItem: index(tables.initials, (l) => l.item_id),
    },
    recurring: {
      table: tables.recurrings,
      byFile: index(tables.recurrings, (l) => l.customer_file_id),
      byItem: index(tables.recurrings, (l) => l.item_id),
    },
  }
  const removeAll = <T extends Row>(table: Table<T>, ids: readonly number[]) => {
    // A copy: the index's array changes as its rows go.
    for (const id of [...ids]) table.remove(id)
  }

  const queries = {
    tokenOf: (token: string) => tokensByToken.first(token),
    userByEmail: (email: string) => usersByEmail.first(email.toLowerCase()),

    /** The customer whose account is `account`, in any case. */
    customerByAccount: (account: string) => customersByAccount.first(account.toUpperCase()),
    /** The first customer with `phone` as their phone or mobile, compared by digits. */
    customerByPhone(phone: string): Customer | undefined {
      const key = phoneKey(phone)
      return key ? customersByPhone.first(key) : undefined
    },
    customersRepresentedBy: (userId: number) =>
      rowsOf(customers, customersByRepresentative.get(userId)),
    /** Up to `limit` customers whose name or account holds `term`, and that `accept` lets through. */
    searchCustomers: (term: string, accept: (customer: Customer) => boolean, limit: number) =>
      customersByText.find(term, accept, limit),
    /** A customer's contacts, in id order. */
    contactsOf: (customerId: number) =>
      rowsOf(contacts, contactsByOwner.get(customerId)).filter(
        (c) => c.contactable_type === CUSTOMER_CLASS,
      ),
    /** What keeps a customer from being deleted (seeds/000): its invoices and customer files. */
    customerUses: (customerId: number) => ({
      invoices: invoicesByCustomer.get(customerId).length,
      files: filesByFileable.get(`customer:${customerId}`).length,
    }),
    /** Deletes a customer with its contacts and its services (its pivot rows). */
    removeCustomer(customerId: number) {
      for (const contact of queries.contactsOf(customerId)) contacts.remove(contact.id)
      removeAll(assignments, assignmentsByCustomer.get(customerId))
      customers.remove(customerId)
    },
    invoicesOf: (customerId: number) => rowsOf(invoices, invoicesByCustomer.get(customerId)),
    consumptionsOf: (customerId: number, month: string) =>
      rowsOf(consumptions, consumptionsByCustomerMonth.get(`${customerId}:${month}`)),

    /** A customer's services, as their pivot rows. */
    assignmentsOf: (customerId: number): AssignmentRow[] =>
      rowsOf(assignments, assignmentsByCustomer.get(customerId)),
    customerCountOf: (serviceId: number) => assignmentsByService.get(serviceId).length,
    /** The customers who have a service, in id order. */
    customersOf: (serviceId: number) =>
      assignmentsByService
        .get(serviceId)
        .map((id) => customers.get(assignments.get(id)!.customer_id)!)
        .sort((a, b) => a.id - b.id),

    /** The files of a customer or a prospect. */
    filesOf: (type: FileableType, fileableId: number) =>
      rowsOf(files, filesByFileable.get(`${type}:${fileableId}`)),
    /** A file's lines of one kind, in id order. */
    linesOf: <K extends LineKind>(kind: K, fileId: number) => {
      const { table, byFile } = fileLines[kind]
      return byFile.get(fileId).map((id) => table.get(id)!)
    },
    /** The contacts linked to a file, in id order. */
    fileContactsOf: (fileId: number) =>
      fileContactsByFile
        .get(fileId)
        .map((id) => contacts.get(fileContacts.get(id)!.contact_id)!)
        .sort((a, b) => a.id - b.id),
    /** Links the file to exactly these contacts (`contact_ids` syncs the set). */
    syncFileContacts(fileId: number, contactIds: readonly number[]) {
      const current = rowsOf(fileContacts, fileContactsByFile.get(fileId))
      for (const link of current)
        if (!contactIds.includes(link.contact_id)) fileContacts.remove(link.id)
      for (const contactId of contactIds)
        if (!current.some((l) => l.contact_id === contactId))
          fileContacts.insert({ customer_file_id: fileId, contact_id: contactId })
    },
    fileInvoiceCount: (fileId: number) => invoicesByFile.get(fileId).length,
    /** Deletes a file with its lines and contact links; its consumptions stay, no longer on a file. */
    removeCustomerFile(fileId: number) {
      removeAll(fileLines.licence.table, fileLines.licence.byFile.get(fileId))
      removeAll(fileLines.initial.table, fileLines.initial.byFile.get(fileId))
      removeAll(fileLines.recurring.table, fileLines.recurring.byFile.get(fileId))
      removeAll(fileContacts, fileContactsByFile.get(fileId))
      for (const id of [...consumptionsByFile.get(fileId)])
        consumptions.update(id, { customer_file_id: null })
      files.remove(fileId)
    },

    itemByReference: (reference: string) => itemsByReference.first(reference),
    /** Where an item is used, by what uses it: a customer file's lines, or a bundle's. */
    itemUses(itemId: number): string[] {
      const uses: [string, number][] = [
        ...(Object.keys(FILE_LINES) as LineKind[]).map((kind): [string, number] => [
          FILE_LINES[kind],
          fileLines[kind].byItem.get(itemId).length,
        ]),
        ['bundle lines', bundleLinesByItem.get(itemId).length],
      ]
      return uses.filter(([, n]) => n > 0).map(([what]) => what)
    },
    familyUses: (familyId: number) => ({
      subfamilies: subfamiliesByFamily.get(familyId).length,
      items: itemsByFamily.get(familyId).length,
    }),
    subfamilyUses: (subfamilyId: number) => ({ items: itemsBySubfamily.get(subfamilyId).length }),

    /** A bundle's lines of one kind, in id order. */
    bundleLinesOf: (bundleId: number, kind: LineKind) =>
      rowsOf(bundleLines, bundleLinesByBundle.get(bundleId)).filter((line) => line.kind === kind),
    /** Deletes a bundle with its lines. */
    removeBundle(bundleId: number) {
      removeAll(bundleLines, bundleLinesByBundle.get(bundleId))
      tables.bundles.remove(bundleId)
    },
  }
  return queries
}
