// The role scope of seeds/000 ("Results are filtered based on the authenticated user's role"; a
// 403 for "insufficient role or ownership"), read by the sandbox as one rule for a customer and
// for everything it owns: a sales user (below tech) reaches only the customers they represent and
// their files, lines, invoices, services and consumptions. Lists and look-ups leave the others
// out; a route that names one answers 403, as GET /v1/customers/{id} does.
import type { Schema } from '../spec.js'
import { seesEverything } from '../auth.js'
import { Forbidden } from '../laravel/errors.js'
import type { Store, UserRow } from '../store/store.js'

type Customer = Schema<'Customer'>
type CustomerFile = Schema<'CustomerFile'>

/** Whether `user` may see `customer`. */
export const visibleTo = (user: UserRow) => (customer: Customer) =>
  seesEverything(user) || customer.representative_id === user.id

/** Whether `user` may see the customer `customerId` (a customer that does not exist hides nothing). */
export const seesCustomerId = (store: Store, user: UserRow, customerId: number) => {
  if (seesEverything(user)) return true
  const customer = store.customers.get(customerId)
  return !customer || customer.representative_id === user.id
}

/** A file is its fileable's: a customer's under the rule, a prospect's to everyone. */
export const seesFile = (store: Store, user: UserRow) => (file: CustomerFile) =>
  file.fileable_type !== 'customer' || seesCustomerId(store, user, file.fileable_id)

/** A line is its file's (a file that does not exist hides nothing). */
export const seesFileId = (store: Store, user: UserRow, fileId: number) => {
  const file = store.customer_files.get(fileId)
  return !file || seesFile(store, user)(file)
}

/** Laravel's AuthorizationException unless `allowed`. */
export function authorize(allowed: boolean): void {
  if (!allowed) throw new Forbidden()
}
