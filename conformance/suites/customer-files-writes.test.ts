// The cookbook (seeds/002) end to end, in the full profile: steps 1 to 7 run once, as the tests
// that read them first need them; a failed step is reported once and the tests that need the
// onboarding are reported blocked by it. Everything is tagged and removed at the end.
import { it, afterAll } from 'vitest'
import {
  kit,
  verify,
  describeResource,
  describeWrites,
  prerequisite,
  UNKNOWN_ID,
} from '../suite.js'
import { checkDelete, checkGuardedDelete, checkUpdate } from '../writes.js'
import type { Answer } from '../checks.js'

const LINES = ['licences', 'initials', 'recurrings'] as const
const STEP = 'seeds/002 cookbook'

/** POSTs one cookbook step; its documented status is 201, and the record is removed at the end. */
async function step(
  path: string,
  body: Record<string, unknown>,
  query?: Record<string, string | number>,
) {
  const answer: Answer = await kit.post(path, body, { query })
  verify(answer, `${STEP}: ${path} "Response 201"`).status(201)
  kit.created(`${path} ${answer.body.id}`, () => kit.delete(`${path}/${answer.body.id}`))
  return answer.body
}

const onboarding = prerequisite('customer-files', 'the cookbook, steps 1 to 7', async () => {
  const family = await step('/v1/families', { name: kit.tag('VoIP Services') })
  const item = await step('/v1/items', {
    description: kit.tag('SIP Trunk — 2 channels'),
    family_id: family.id,
    selling_price_without_tax: 19.9,
    billing_frequency: 1,
    active_for_recurring_billing: true,
  })
  const customer = await step('/v1/customers', {
    name: kit.tag('Acme Telecom SAS'),
    email_address: 'contact@acme-telecom.example',
    phone: '+33123456789',
    main_address_city: 'Paris',
    charge_vat: true,
  })
  const file = await step(
    '/v1/customer-files',
    {
      name: kit.tag('Main Contract 2026'),
      billing_frequency: 1,
      services_start: '2026-04-01',
      first_invoice: '2026-04-01',
    },
    { fileable_type: 'customer', fileable_id: customer.id },
  )
  const base = { customer_file_id: file.id, item_id: item.id }
  const licence = await step('/v1/customer-files/licences', {
    ...base,
    quantity: 5,
    activation_date: '2026-04-01',
    renewal_date: '2027-04-01',
    frequency: 12,
  })
  const initial = await step('/v1/customer-files/initials', {
    ...base,
    quantity: 1,
    label: kit.tag('Installation fee'),
    selling_price_without_tax: 150,
  })
  const recurring = await step('/v1/customer-files/recurrings', {
    ...base,
    quantity: 2,
    service_start: '2026-04-01',
    first_invoice: '2026-04-01',
    billing_frequency: 1,
    commitment: 24,
    active: true,
  })
  return { family, item, customer, file, licence, initial, recurring }
})

describeResource(
  ['customer-files', 'licences', 'initials', 'recurrings', 'invoices'],
  'customer files and billing',
  () =>
    describeWrites('the cookbook, end to end (full profile)', () => {
      afterAll(() => kit.cleanUp())

      it('runs steps 1 to 7 of seeds/002 and reads the file back with every line, labels and prices defaulted from the item', async () => {
        const { customer, file, licence, initial, recurring } = await onboarding()
        const shown = await kit.get(`/v1/customer-files/${file.id}`)
        const v = verify(
          shown,
          `${STEP} step 4 "Response 201"; "What's Next?" GET /v1/customer-files/{id}`,
        )
        v.equal(
          '[fileable_type, fileable_id, services_start]',
          [shown.body.fileable_type, shown.body.fileable_id, shown.body.services_start],
          ['customer', customer.id, '2026-04-01'],
        )
        v.equal(
          'the ids of [licences, initials, recurrings]',
          LINES.map((k) => shown.body[k]?.map((l: any) => l.id)),
          [[licence.id], [initial.id], [recurring.id]],
        )
        // "label ... Defaults to the item description"; the price is the catalog's unless overridden.
        const lines = shown.body.recurrings[0]
        v.equal(
          'the recurring line [label, selling_price_without_tax, quantity]',
          [lines.label, lines.selling_price_without_tax, lines.quantity],
          [kit.tag('SIP Trunk — 2 channels'), '19.90', '2.00'],
        )
        const one = shown.body.initials[0]
        v.equal(
          'the initial line [label, selling_price_without_tax]',
          [one.label, one.selling_price_without_tax],
          [kit.tag('Installation fee'), '150.00'],
        )
      })

      it('updates the file\'s billing dates and each line as the next GET shows (seeds/002 "What\'s Next?"); 422 and 404 otherwise', async () => {
        const ids = await onboarding()
        await checkUpdate(
          kit,
          `/v1/customer-files/${ids.file.id}`,
          { billing_next: '2026-05-01', services_stop: '2028-03-31' },
          200,
          'seeds/002 "PUT /v1/customer-files/{id} to adjust billing_next or services_stop"',
        )
        for (const kind of LINES) {
          const line = ids[kind.slice(0, -1) as 'licence' | 'initial' | 'recurring']
          await checkUpdate(
            kit,
            `/v1/customer-files/${kind}/${line.id}`,
            { quantity: '3.00' },
            200,
            `PUT /v1/customer-files/${kind}/{id}`,
          )
          verify(
            await kit.put(`/v1/customer-files/${kind}/${line.id}`, { quantity: 0 }),
            `seeds/002 "quantity (must be > 0)"`,
          ).status(422)
          verify(
            await kit.put(`/v1/customer-files/${kind}/${UNKNOWN_ID}`, { quantity: 1 }),
            'route model binding',
          ).status(404)
          verify(
            await kit.delete(`/v1/customer-files/${kind}/${UNKNOWN_ID}`),
            'route model binding',
          ).status(404)
          const missing = await kit.post(`/v1/customer-files/${kind}`, {
            customer_file_id: ids.file.id,
            quantity: 1,
          })
          verify(missing, `seeds/002 "item_id | integer | Catalog item ID" (required)`).equal(
            'the fields in error',
            Object.keys(missing.body.errors ?? {}),
            ['item_id'],
          )
        }
        verify(
          await kit.put(`/v1/customer-files/${ids.file.id}`, { services_start: 'soon' }),
          'seeds/002 "services_start | date"',
        ).status(422)
        verify(
          await kit.put(`/v1/customer-files/${UNKNOWN_ID}`, { name: 'x' }),
          'route model binding',
        ).status(404)
        verify(await kit.delete(`/v1/customer-files/${UNKNOWN_ID}`), 'route model binding').status(
          404,
        )
      })

      it('refuses to delete the customer while it has a file, and keeps it (seeds/000 "Fails if the customer has invoices or customer files")', async () => {
        const { customer } = await onboarding()
        await checkGuardedDelete(
          kit,
          `/v1/customers/${customer.id}`,
          'seeds/000 DELETE "Fails if the customer has invoices or customer files"',
        )
      })

      it('refuses to delete the item while a file\'s lines use it, and keeps it (seeds/004 "Fails if the item is used in any customer file initials, recurrings, or licences")', async () => {
        const { item } = await onboarding()
        await checkGuardedDelete(
          kit,
          `/v1/items/${item.id}`,
          'seeds/004 DELETE /v1/items/{id} "Response 422: Item is in use"',
        )
      })

      it("deletes a line with Laravel's success message, after which GET answers 404", async () => {
        const { licence } = await onboarding()
        await checkDelete(
          kit,
          `/v1/customer-files/licences/${licence.id}`,
          'DELETE /v1/customer-files/licences/{id}',
        )
      })

      it('answers 404 for a file of an unknown customer, and 422 without an owner', async () => {
        await onboarding()
        verify(
          await kit.post(
            '/v1/customer-files',
            { name: 'x' },
            { query: { fileable_type: 'customer', fileable_id: UNKNOWN_ID } },
          ),
          'seeds/002 step 4 "fileable_id | Customer ID"',
        ).status(404)
        verify(
          await kit.post('/v1/customer-files', { name: 'x' }),
          'seeds/002 step 4 "Required query parameters"',
        ).status(422)
      })

      it.runIf(kit.config.salesToken !== null)(
        "answers 403 to a sales user for the file and lines of a customer they do not represent, and keeps them (the contract's reading of seeds/000)",
        async () => {
          const { customer, file, item } = await onboarding()
          const token = kit.config.salesToken
          const doc =
            'seeds/000 "Response 403: Forbidden (insufficient role or ownership)" (contract: a customer\'s files and lines are in its scope)'
          const forbidden = async (answer: Promise<Answer>) => verify(await answer, doc).status(403)
          await forbidden(
            kit.post(
              '/v1/customer-files',
              { name: 'x' },
              { query: { fileable_type: 'customer', fileable_id: customer.id }, token },
            ),
          )
          await forbidden(kit.get(`/v1/customer-files/${file.id}`, { token }))
          await forbidden(
            kit.put(`/v1/customer-files/${file.id}`, { billing_frequency: 3 }, { token }),
          )
          await forbidden(kit.delete(`/v1/customer-files/${file.id}`, { token }))
          for (const kind of LINES) {
            const line = await step(`/v1/customer-files/${kind}`, {
              customer_file_id: file.id,
              item_id: item.id,
              quantity: 2,
            })
            await forbidden(
              kit.post(
                `/v1/customer-files/${kind}`,
                { customer_file_id: file.id, item_id: item.id, quantity: 1 },
                { token },
              ),
            )
            await forbidden(kit.get(`/v1/customer-files/${kind}/${line.id}`, { token }))
            await forbidden(
              kit.put(`/v1/customer-files/${kind}/${line.id}`, { quantity: 3 }, { token }),
            )
            await forbidden(kit.delete(`/v1/customer-files/${kind}/${line.id}`, { token }))
            const kept = await kit.get(`/v1/customer-files/${kind}/${line.id}`)
            verify(kept, `${doc}: a refused write leaves the line`).equal(
              'quantity',
              kept.body.quantity,
              line.quantity,
            )
          }
          verify(
            await kit.get(`/v1/customer-files/${file.id}`),
            `${doc}: a refused delete leaves the file`,
          ).status(200)
        },
      )
    }),
)
