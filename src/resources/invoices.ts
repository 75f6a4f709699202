// Invoices (seeds/002 "What's Next?": "GET /v1/invoices filtered by customer_id"). Read-only.
import type { Schema } from '../spec.js'
import { createRouter } from '../http/routes.js'
import type { Deps } from '../deps.js'
import { validate } from '../laravel/validate.js'
import { queryInput } from '../http/request.js'
import { authorize, seesCustomerId } from './scope.js'
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
    const visible = (invoice: Invoice) => seesCustomerId(store, user, invoice.customer_id)
    const rows =
      customer_id == null
        ? store.invoices.all().filter(visible)
        : store.invoicesOf(Number(customer_id)).filter(visible)
    return respond(200, pageOf(c, rows, perPageOf(c, PER_PAGE)))
  })

  router.get('/v1/invoices/{id}', (c, respond) => {
    const invoice = bindRow(c, c.get('store').invoices, 'App\\Invoice')
    authorize(seesCustomerId(c.get('store'), c.get('user'), invoice.customer_id))
    return respond(200, invoice)
  })

  return router.routes
}
