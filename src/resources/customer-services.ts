// Customer services (seeds/003): the catalog of optional services, and each customer's set.
import type { Context } from 'hono'
import type { Schema } from '../spec.js'
import { createRouter } from '../http/routes.js'
import type { Deps } from '../deps.js'
import { ValidationFailed } from '../laravel/errors.js'
import type { QuerySpec } from '../laravel/query.js'
import { isInteger } from '../laravel/validate.js'
import { readInput } from '../http/request.js'
import type { Store } from '../store/store.js'
import { bindRow } from './fields.js'
import { pageOf, perPageOf, readListQuery, selectRows } from './list.js'
import { findCustomer } from './customers.js'
import { visibleTo } from './scope.js'
import { seesEverything } from '../auth.js'

type CustomerService = Schema<'CustomerService'>
const MODEL = 'App\\CustomerService'
const PER_PAGE = 10 // seeds/003: "Paginated list (10 per page)"

export const customerServiceQuery: QuerySpec = {
  filters: { name: 'partial', key: 'partial' },
  sorts: ['id', 'name', 'key', 'created_at', 'updated_at'],
  includes: [],
}

function listPage<T extends object>(c: Context, rows: readonly T[]) {
  return pageOf(c, selectRows(rows, readListQuery(c, customerServiceQuery)), perPageOf(c, PER_PAGE))
}

export function createCustomerServicesRouter(deps: Deps) {
  const router = createRouter({ before: deps.authenticate })

  router.get('/v1/customer-services', (c, respond) => {
    const store = c.get('store')
    const user = c.get('user')
    // A sales user counts only the customers they represent, as the by-id route lists them.
    const countOf = (id: number) =>
      seesEverything(user)
        ? store.customerCountOf(id)
        : store.customersOf(id).filter(visibleTo(user)).length
    const rows = store.customer_services
      .all()
      .map((service: CustomerService) => ({ ...service, customers_count: countOf(service.id) }))
    return respond(200, listPage(c, rows))
  })

  router.get('/v1/customer-services/{id}', (c, respond) => {
    const store = c.get('store')
    const service = bindRow(c, store.customer_services, MODEL)
    const customers = store
      .customersOf(service.id)
      .filter(visibleTo(c.get('user')))
      .map(({ id, name, customer_account }) => ({ id, name, customer_account }))
    return respond(200, { ...service, customers })
  })

  router.get('/v1/customers/{customer}/services', (c, respond) => {
    const store = c.get('store')
    const customer = findCustomer(c, 'customer')
    const rows = store
      .assignmentsOf(customer.id)
      .sort((a, b) => a.customer_service_id - b.customer_service_id)
      .map((a) => ({
        ...store.customer_services.get(a.customer_service_id)!,
        pivot: {
          ...a.extra,
          customer_id: a.customer_id,
          customer_service_id: a.customer_service_id,
        },
      }))
    return respond(200, listPage(c, rows))
  })

  router.post('/v1/customers/{customer}/services', async (c, respond) => {
    const store = c.get('store')
    const customer = findCustomer(c, 'customer')
    const wanted = readServices(store, (await readInput(c)).services)
    // sync(): detach what is not wanted, update the pivot of what stays, attach the rest.
    const current = new Map(store.assignmentsOf(customer.id).map((a) => [a.customer_service_id, a]))
    for (const [serviceId, assignment] of current)
      if (!wanted.has(serviceId)) store.customer_service_assignments.remove(assignment.id)
    for (const [serviceId, extra] of wanted) {
      const existing = current.get(serviceId)
      if (existing)
        store.customer_service_assignments.update(existing.id, {
          extra: { ...existing.extra, ...extra },
        })
      else
        store.customer_service_assignments.insert({
          customer_id: customer.id,
          customer_service_id: serviceId,
          extra,
        })
    }
    return respond(201, { message: 'The customer services were synced.' })
  })

  return router.routes
}

/**
 * `services` as an array of ids (seeds/003) or as an object keyed by id carrying pivot data
 * (the official request collection). Every id must exist: "The selected services.N is invalid."
 */
function readServices(store: Store, services: unknown): Map<number, Record<string, unknown>> {
  // seeds/003: `services` is required, and Laravel's `required` fails for an empty array (PHP reads `{}` as one too).
  if (
    services === undefined ||
    services === null ||
    (typeof services === 'object' && Object.keys(services).length === 0)
  )
    throw new ValidationFailed({ services: ['The services field is required.'] })
  if (typeof services !== 'object')
    throw new ValidationFailed({ services: ['The services field must be an array.'] })
  const entries: [string, unknown, Record<string, unknown>][] = Array.isArray(services)
    ? services.map((id, i) => [`services.${i}`, id, {}])
    : Object.entries(services).map(([id, pivot]) => [
        `services.${id}`,
        id,
        pivot && typeof pivot === 'object' && !Array.isArray(pivot)
          ? (pivot as Record<string, unknown>)
          : {},
      ])
  const errors: Record<string, string[]> = {}
  const wanted = new Map<number, Record<string, unknown>>()
  for (const [key, id, pivot] of entries) {
    if (!isInteger(id)) errors[key] = [`The ${key} field must be an integer.`]
    else if (!store.customer_services.get(Number(id)))
      errors[key] = [`The selected ${key} is invalid.`]
    else wanted.set(Number(id), pivot)
  }
  if (Object.keys(errors).length) throw new ValidationFailed(errors)
  return wanted
}
