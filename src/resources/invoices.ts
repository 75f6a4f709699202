// Invoices (seeds/002 "What's Next?": "GET /v1/invoices filtered by customer_id"). Read-only.
import type { Schema } from '../spec.js'
import { createRouter } from '../http/routes.js'
import type { Deps } from '../deps.js'
import { Forbidden } from '../laravel/errors.js'
import { validate } from '../laravel/validate.js'
import { queryInput } from '../http/request.js'
import { seesEverything } from '../auth.js'
import { bindRow } from './fields.js'
import { pageOf, perPageOf } from './list.js'

type Invoice = Schema<'Invoice'>
const PER_PAGE = 10

export function createInvoicesRouter(deps: Deps) {
  const router = createRouter({ before: deps.authenticate })

  router.get('/v1/invoices', (c, respond) => {
    const store = c.get('store')
    const { customer_id } = validate(queryInput(c), { customer_id: ['integer'] })
    const user = c.get('user')
    // As for customers, a sales user sees only the invoices of the customers they represent.
    const visible = (invoice: Invoice) => seesEverything(user) || store.customers.get(invoice.customer_id)?.representative_id === user.id
    const rows = customer_id == null
      ? store.invoices.all().filter(visible)
      : store.invoicesOf(Number(customer_id)).filter(visible)
    return respond(200, pageOf(c, rows, perPageOf(c, PER_PAGE)))
  })

  router.get('/v1/invoices/{id}', (c, respond) => {
    const invoice = bindRow(c, c.get('store').invoices, 'App\\Invoice')
    const user = c.get('user')
    if (!seesEverything(user) && c.get('store').customers.get(invoice.customer_id)?.representative_id !== user.id) throw new Forbidden()
    return respond(200, invoice)
  })

  return router.hono
}
