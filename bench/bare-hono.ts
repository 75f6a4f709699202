// The ceiling of our stack: Hono on @hono/node-server with no middleware. `/ping` answers a small
// JSON object; `/customers/:id` reads a customer-sized object from a Map, the least any sandbox does.
import { Hono } from 'hono'
import { serve } from '@hono/node-server'

const customers = new Map<number, Record<string, unknown>>()
for (let id = 1; id <= 150; id++) {
  const row: Record<string, unknown> = {
    id,
    name: `Customer ${id}`,
    customer_account: `CL${String(id).padStart(6, '0')}`,
  }
  for (let f = 0; f < 40; f++)
    row[`field_${f}`] =
      f % 3 === 0 ? null : f % 3 === 1 ? `value ${f} of customer ${id}` : f % 2 === 0
  customers.set(id, row)
}

const app = new Hono()
app.get('/ping', (c) => c.json({ status: 'ok', version: '1.0' }))
app.get('/customers/:id', (c) => {
  const customer = customers.get(Number(c.req.param('id')))
  return customer ? c.json(customer) : c.json({ message: 'Not found' }, 404)
})

serve({ fetch: app.fetch, port: Number(process.argv[2]), hostname: '127.0.0.1' })
