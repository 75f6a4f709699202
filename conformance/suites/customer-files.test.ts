// Customer files, their line items and invoices: the cookbook (seeds/002) and what seeds/000 says
// of invoices and customer files. Read-only checks first; the full profile then runs the whole
// onboarding (customer-files-writes.test.ts).
import { it } from 'vitest'
import { kit, verify, describeResource, prerequisite, Unavailable, UNKNOWN_ID } from '../suite.js'
import { checkPage } from '../paginator.js'

const LINES = ['licences', 'initials', 'recurrings'] as const
const cents = (decimal: string) => Math.round(Number(decimal) * 100)

const file = prerequisite('customer-files', 'a file listed by GET /v1/customer-files', async () => {
  const page = await kit.get('/v1/customer-files', { query: { per_page: 1 } })
  verify(page, 'GET /v1/customer-files').status(200)
  if (!page.body.data[0]) throw new Unavailable('no customer file')
  return page.body.data[0]
})

describeResource(
  ['customer-files', 'licences', 'initials', 'recurrings', 'invoices'],
  'customer files and billing',
  () => {
    it('GET /v1/customer-files pages the files, by owner when asked; 422 for an unknown owner type', async () => {
      const page = await kit.get('/v1/customer-files')
      verify(page, 'GET /v1/customer-files').status(200)
      checkPage(kit, page, 10, 1)
      const sample = await file()
      const mine = await kit.get('/v1/customer-files', {
        query: { fileable_type: sample.fileable_type, fileable_id: sample.fileable_id },
      })
      verify(mine, 'seeds/002 step 4 "fileable_type, fileable_id"').every(
        mine.body.data,
        (f) => f.fileable_id === sample.fileable_id && f.fileable_type === sample.fileable_type,
        `owner is ${sample.fileable_type} ${sample.fileable_id}`,
        ['fileable_type', 'fileable_id'],
      )
      verify(
        await kit.get('/v1/customer-files', {
          query: { fileable_type: 'conformance', fileable_id: 1 },
        }),
        'seeds/002 "customer (or prospect)"',
      ).status(422)
    })

    it('GET /v1/customer-files/{id} answers the file with all its line items and relations (seeds/002 "What\'s Next?")', async () => {
      const sample = await file()
      const answer = await kit.get(`/v1/customer-files/${sample.id}`)
      const missing = ['licences', 'initials', 'recurrings', 'contacts', 'fileable'].filter(
        (k) => !(k in answer.body),
      )
      verify(
        answer,
        'seeds/002 "returns the complete file with all line items and relations"',
      ).that(missing.length === 0, `the file has no ${missing.join(', ')}`)
      for (const kind of LINES) {
        const listed = await kit.get(`/v1/customer-files/${kind}`, {
          query: { 'filter[customer_file_id]': sample.id, per_page: 100 },
        })
        verify(
          answer,
          `seeds/002: the file's ${kind} are those GET /v1/customer-files/${kind} lists for it`,
        ).equal(
          `the ids of ${kind}`,
          answer.body[kind]?.map((l: any) => l.id).sort(),
          listed.body.data.map((l: any) => l.id).sort(),
        )
      }
      verify(
        await kit.get(`/v1/customer-files/${UNKNOWN_ID}`),
        'GET /v1/customer-files/{id} 404',
      ).status(404)
    })

    it.each(LINES)(
      'GET /v1/customer-files/%s lists lines, filtered by file; shows one; 404 and 400 otherwise',
      async (kind) => {
        const page = await kit.get(`/v1/customer-files/${kind}`)
        verify(page, `seeds/002 ${kind}`).status(200)
        checkPage(kit, page, 10, 1)
        const line = page.body.data[0]
        if (line) {
          const byFile = await kit.get(`/v1/customer-files/${kind}`, {
            query: { 'filter[customer_file_id]': line.customer_file_id, per_page: 100 },
          })
          verify(byFile, 'filter[customer_file_id]').every(
            byFile.body.data,
            (l) => l.customer_file_id === line.customer_file_id,
            `customer_file_id is ${line.customer_file_id}`,
            ['customer_file_id'],
          )
          const shown = await kit.get(`/v1/customer-files/${kind}/${line.id}`)
          verify(shown, `GET /v1/customer-files/${kind}/{id} answers the row the list has`).equal(
            'the line',
            shown.body,
            line,
          )
        }
        verify(
          await kit.get(`/v1/customer-files/${kind}/${UNKNOWN_ID}`),
          'route model binding',
        ).status(404)
        verify(
          await kit.get(`/v1/customer-files/${kind}`, { query: { 'filter[conformance]': 1 } }),
          'spatie InvalidFilterQuery',
        ).status(400)
      },
    )

    it('GET /v1/invoices: totals add up (total_with_tax = total_without_tax + tax), filters by customer_id, shows one', async () => {
      const page = await kit.get('/v1/invoices', { query: { per_page: 50 } })
      const v = verify(page, 'contract Invoice "total_with_tax is always total_without_tax + tax"')
      v.status(200)
      v.every(
        page.body.data,
        (i) => cents(i.total_without_tax) + cents(i.tax) === cents(i.total_with_tax),
        'total_without_tax + tax = total_with_tax',
        ['number', 'total_without_tax', 'tax', 'total_with_tax'],
      )
      const invoice = page.body.data[0]
      if (invoice) {
        const mine = await kit.get('/v1/invoices', { query: { customer_id: invoice.customer_id } })
        verify(mine, 'seeds/002 "GET /v1/invoices filtered by customer_id"').every(
          mine.body.data,
          (i) => i.customer_id === invoice.customer_id,
          `customer_id is ${invoice.customer_id}`,
          ['number', 'customer_id'],
        )
        const shown = await kit.get(`/v1/invoices/${invoice.id}`)
        verify(shown, 'GET /v1/invoices/{id} answers the row the list has').equal(
          'the invoice',
          shown.body,
          invoice,
        )
      }
      verify(await kit.get(`/v1/invoices/${UNKNOWN_ID}`), 'GET /v1/invoices/{id} 404').status(404)
      verify(
        await kit.get('/v1/invoices', { query: { customer_id: 'conformance' } }),
        'Laravel rule integer',
      ).status(422)
    })
  },
)
