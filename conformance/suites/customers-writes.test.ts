// Customers, writes (full profile): seeds/000 and seeds/001. Each test creates what it needs and
// tags it `conformance-<run id>`; what the API lets the kit remove is removed at the end.
import { it, afterAll } from 'vitest'
import { kit, verify, describeResource, describeWrites, setup, UNKNOWN_ID } from '../suite.js'
import { checkDelete, checkGuardedDelete, checkUpdate } from '../writes.js'
import type { Answer } from '../checks.js'
import { generatedAccount } from '../answer-rules.js'

/** Creates a customer for one test (a failed creation blocks the others that need one). */
async function createCustomer(label: string, extra: Record<string, unknown> = {}) {
  const customer = await setup('customers', 'POST /v1/customers', () =>
    kit.post('/v1/customers', { name: kit.tag(label), ...extra }),
  )
  kit.created(`customer ${customer.id} (${customer.name})`, () =>
    kit.delete(`/v1/customers/${customer.id}`),
  )
  return customer
}

describeResource('customers', 'customers', () =>
  describeWrites('writes (full profile)', () => {
    afterAll(() => kit.cleanUp())

    it('POST creates a customer whose customer_account is CL + the zero-padded id, and GET answers what POST did (seeds/000)', async () => {
      const created = await createCustomer('Acme Corp', { email_address: 'contact@acme.example' })
      const shown = await kit.get(`/v1/customers/${created.id}`)
      const v = verify(
        shown,
        'seeds/000 "A customer_account is auto-generated (format: CL + zero-padded ID)"',
      )
      v.equal('customer_account', created.customer_account, generatedAccount(created.id))
      for (const key of Object.keys(created))
        v.equal(
          `${key} of GET (POST answered ${JSON.stringify(created[key])?.slice(0, 60)})`,
          shown.body[key],
          created[key],
        )
    })

    it('gives two new customers distinct accounts, and refuses an account already taken with 422 naming it', async () => {
      const a = await createCustomer('first')
      const b = await createCustomer('second')
      const answer = await kit.post('/v1/customers', {
        name: kit.tag('third'),
        customer_account: a.customer_account,
      })
      if (answer.status === 201)
        kit.created(`customer ${answer.body.id}`, () =>
          kit.delete(`/v1/customers/${answer.body.id}`),
        )
      const v = verify(answer, 'seeds/000 "Account number ... Auto-generated"; Laravel rule unique')
      v.that(
        a.customer_account !== b.customer_account,
        `both new customers got ${a.customer_account}`,
      )
      v.status(422)
      v.equal('errors.customer_account', answer.body.errors.customer_account, [
        'The customer account has already been taken.',
      ])
    })

    it('takes the query-string form with camelCase names (seeds/001 ?name=Soci%C3%A9t%C3%A9)', async () => {
      let answer!: Answer
      const created = await setup(
        'customers',
        'POST /v1/customers',
        async () =>
          (answer = await kit.post('/v1/customers', undefined, {
            query: { name: kit.tag('Société'), chargeVAT: '0' },
          })),
      )
      kit.created(`customer ${created.id}`, () => kit.delete(`/v1/customers/${created.id}`))
      const v = verify(answer, 'seeds/001, Store a new customer (query string)')
      v.equal('name', created.name, kit.tag('Société'))
      v.equal('charge_vat (sent as chargeVAT=0)', created.charge_vat, false)
    })

    it("answers Laravel's 422 naming each field for a missing name and a malformed email", async () => {
      const answer = await kit.post('/v1/customers', { email_address: 'not-an-email' })
      if (answer.status === 201)
        kit.created(`customer ${answer.body.id}`, () =>
          kit.delete(`/v1/customers/${answer.body.id}`),
        )
      const v = verify(answer, 'seeds/000 "name | Yes (create)"; Laravel rules required, email')
      v.status(422)
      v.equal('errors', answer.body.errors, {
        name: ['The name field is required.'],
        email_address: ['The email address field must be a valid email address.'],
      })
    })

    it('PUT answers what the next GET answers and moves updated_at; 422 for an empty name; 404 for an unknown id (seeds/000)', async () => {
      const created = await createCustomer('before')
      await checkUpdate(
        kit,
        `/v1/customers/${created.id}`,
        { name: kit.tag('after'), vip: true },
        200,
        'seeds/000 PUT /v1/customers/{id} "Response 200: Updated customer object"',
      )
      const empty = await kit.put(`/v1/customers/${created.id}`, { name: '' })
      verify(empty, 'seeds/000 PUT "Response 422"').status(422)
      verify(empty, 'Laravel rule required').equal('errors', empty.body.errors, {
        name: ['The name field is required.'],
      })
      const missing = await kit.put(`/v1/customers/${UNKNOWN_ID}`, { name: 'x' })
      verify(missing, 'seeds/000 PUT "Response 404"').status(404)
    })

    it('DELETE answers 200 with a message, after which GET answers 404; 403 to a sales user; 404 for an unknown id (seeds/000)', async () => {
      const created = await createCustomer('to delete')
      if (kit.config.salesToken) {
        const refused = await kit.delete(`/v1/customers/${created.id}`, {
          token: kit.config.salesToken,
        })
        verify(refused, 'seeds/000 "Requires admin/tech role"').status(403)
        verify(refused, 'Laravel AuthorizationException').equal('the body', refused.body, {
          message: 'This action is unauthorized.',
        })
      }
      await checkDelete(kit, `/v1/customers/${created.id}`, 'seeds/000 DELETE /v1/customers/{id}')
      verify(
        await kit.delete(`/v1/customers/${UNKNOWN_ID}`),
        'seeds/000 DELETE "Response 404"',
      ).status(404)
    })

    it('refuses to delete a customer that has a customer file, and keeps it (seeds/000 "Fails if the customer has invoices or customer files")', async () => {
      const customer = await createCustomer('with a file')
      const file = await setup('customers', 'POST /v1/customer-files', () =>
        kit.post(
          '/v1/customer-files',
          { name: kit.tag('guard') },
          { query: { fileable_type: 'customer', fileable_id: customer.id } },
        ),
      )
      kit.created(`customer file ${file.id}`, () => kit.delete(`/v1/customer-files/${file.id}`))
      await checkGuardedDelete(
        kit,
        `/v1/customers/${customer.id}`,
        'seeds/000 DELETE "Fails if the customer has invoices or customer files"',
      )
    })

    it.runIf(kit.config.salesToken !== null)(
      'PUT answers 403 to a sales user for a customer they do not represent',
      async () => {
        const created = await createCustomer('not theirs', { representative_id: null })
        const answer = await kit.put(
          `/v1/customers/${created.id}`,
          { name: 'x' },
          { token: kit.config.salesToken },
        )
        verify(
          answer,
          'seeds/000 "Response 403: Forbidden (insufficient role or ownership)"',
        ).status(403)
      },
    )
  }),
)
