// The official PHP SDK's resources (x-source php-sdk in the contract): prospects, contacts and the
// look-up by number, notes, phone calls, users. Not in the five documentation pages: the contract
// follows the SDK's requests and DTOs and Laravel's conventions, so these checks run only with
// --beyond-docs, and the report lists them apart from the documented ones.
import { it, afterAll } from 'vitest'
import {
  kit,
  verify,
  describeBeyondDocs,
  describeWrites,
  prerequisite,
  setup,
  Unavailable,
  UNKNOWN_ID,
} from '../suite.js'
import { checkPage } from '../paginator.js'
import { checkDelete, checkUpdate } from '../writes.js'

const DOC = "the official PHP SDK's request (x-source php-sdk)"
const sales = kit.config.salesToken
const notFound = (model: string, id: number) =>
  new RegExp(`^No query results for model \\[App\\\\(Models\\\\)?${model}\\] ${id}$`)

/** A customer the run's user sees, and, with --sales-token, one the sales user does not represent. */
const customers = prerequisite('contacts', 'two customers from GET /v1/customers', async () => {
  const all = await kit.get('/v1/customers', { query: { per_page: 100 } })
  verify(all, DOC).status(200)
  const first = all.body.data[0]
  if (!first) throw new Unavailable('no customer')
  let notTheirs: any
  if (sales) {
    const theirs = await kit.get('/v1/customers', { query: { per_page: 100 }, token: sales })
    const ids = new Set(theirs.body.data.map((c: any) => c.id))
    notTheirs = all.body.data.find((c: any) => !ids.has(c.id))
  }
  return { first, notTheirs }
})

/** The owner query of a customer's contacts or notes. */
const owner = (kind: 'contactable' | 'noteable', id: number, type = 'App\\Customer') => ({
  [`${kind}_type`]: type,
  [`${kind}_id`]: id,
})

describeBeyondDocs(['prospects', 'users', 'phone-calls'], 'paginated lists (php-sdk)', () => {
  it.each(['/v1/prospects', '/v1/users', '/v1/phone-calls'])(
    'GET %s is a Laravel paginator, 15 a page by default and per_page when given; an unknown sort is refused with 400',
    async (path) => {
      const page = await kit.get(path)
      verify(page, `${DOC}: a paginator`).status(200)
      checkPage(kit, page, 15, 1)
      checkPage(kit, await kit.get(path, { query: { per_page: 20 } }), 20, 1)
      const bad = await kit.get(path, { query: { sort: 'no_such_column' } })
      verify(bad, "spatie/laravel-query-builder's InvalidSortQuery").status(400)
    },
  )

  it.each([
    ['/v1/prospects', 'Prospect'],
    ['/v1/users', 'User'],
    ['/v1/phone-calls', 'PhoneCall'],
  ])('GET %s/{id} answers the listed record, and 404 for an unknown id', async (path, model) => {
    const page = await kit.get(path)
    const row = page.body.data[0]
    if (row) {
      const shown = await kit.get(`${path}/${row.id}`)
      verify(shown, `${DOC}: show`).status(200)
      verify(shown, `${DOC}: show answers the listed record`).equal('id', shown.body.id, row.id)
    }
    const missing = await kit.get(`${path}/${UNKNOWN_ID}`)
    verify(missing, 'route model binding').status(404)
    verify(missing, 'route model binding').that(
      notFound(model, UNKNOWN_ID).test(missing.body.message),
      `message is ${JSON.stringify(missing.body.message)}`,
    )
  })
})

describeBeyondDocs(['contacts', 'notes'], "a customer's contacts and notes (php-sdk)", () => {
  it.each([
    ['/v1/contacts', 'contactable'],
    ['/v1/notes', 'noteable'],
  ] as const)(
    'GET %s lists an owner’s records as a bare array; 422 without the owner, 404 for an unknown one, 400 for an unknown sort',
    async (path, kind) => {
      const { first } = await customers()
      const list = await kit.get(path, { query: owner(kind, first.id) })
      const v = verify(list, `${DOC}: a bare array`)
      v.status(200)
      v.that(Array.isArray(list.body), 'the answer is an array')
      v.every(list.body, (r) => r[`${kind}_id`] === first.id, `${kind}_id is ${first.id}`)
      const missing = await kit.get(path)
      verify(missing, `${DOC}: the owner is required`).status(422)
      verify(missing, 'Laravel rule required').that(
        `${kind}_type` in (missing.body.errors ?? {}),
        `errors: ${JSON.stringify(missing.body.errors)}`,
      )
      const unknown = await kit.get(path, { query: owner(kind, UNKNOWN_ID) })
      verify(unknown, `${DOC}: an unknown owner`).status(404)
      const bad = await kit.get(path, { query: { ...owner(kind, first.id), sort: 'nothing' } })
      verify(bad, "spatie/laravel-query-builder's InvalidSortQuery").status(400)
    },
  )

  it.runIf(sales !== null).each([
    ['/v1/contacts', 'contactable'],
    ['/v1/notes', 'noteable'],
  ] as const)(
    'GET %s of a customer the sales user does not represent answers 403',
    async (path, kind) => {
      const { notTheirs } = await customers()
      if (!notTheirs) throw new Unavailable('no customer of another representative')
      const answer = await kit.get(path, { query: owner(kind, notTheirs.id), token: sales })
      verify(answer, 'seeds/000 role scope, through the owner').status(403)
    },
  )

  it('GET /v1/contacts/numbers finds a contact by a number, answers "Contact not found." otherwise, and 422 without one', async () => {
    const { first } = await customers()
    const contacts = await kit.get('/v1/contacts', { query: owner('contactable', first.id) })
    const withNumber = (contacts.body as any[]).find((c) => c.mobile_phone || c.phone)
    if (withNumber) {
      const found = await kit.get('/v1/contacts/numbers', {
        query: { phoneNumber: withNumber.mobile_phone ?? withNumber.phone },
      })
      verify(found, `${DOC}: ShowContactByNumberRequest`).status(200)
      verify(found, `${DOC}: the contact under data`).that(
        typeof found.body.data?.id === 'number',
        `data is ${JSON.stringify(found.body.data)?.slice(0, 80)}`,
      )
    }
    const none = await kit.get('/v1/contacts/numbers', { query: { phoneNumber: '+999000000000' } })
    verify(none, `${DOC}: the SDK reads "not found" in response`).equal('the body', none.body, {
      response: 'Contact not found.',
    })
    verify(await kit.get('/v1/contacts/numbers'), 'Laravel rule required').status(422)
  })

  it.each([
    ['/v1/contacts', 'Contact'],
    ['/v1/notes', 'Note'],
  ])('GET %s/{id} answers 404 for an unknown id', async (path, model) => {
    const missing = await kit.get(`${path}/${UNKNOWN_ID}`)
    verify(missing, 'route model binding').status(404)
    verify(missing, 'route model binding').that(
      notFound(model, UNKNOWN_ID).test(missing.body.message),
      `message is ${JSON.stringify(missing.body.message)}`,
    )
  })
})

describeBeyondDocs(
  ['prospects', 'contacts', 'notes', 'phone-calls', 'users'],
  'writes (php-sdk, full profile)',
  () =>
    describeWrites('writes', () => {
      afterAll(() => kit.cleanUp())

      const prospect = prerequisite('prospects', 'POST /v1/prospects', async () => {
        const created = await setup('prospects', 'POST /v1/prospects', () =>
          kit.post('/v1/prospects', { name: kit.tag('Prospect') }),
        )
        kit.created(`prospect ${created.id}`, () => kit.delete(`/v1/prospects/${created.id}`))
        return created
      })

      it('POST /v1/prospects answers 201 with a PR account, GET answers it, PUT changes it; 422 without a name', async () => {
        const created = await prospect()
        verify(await kit.get(`/v1/prospects/${created.id}`), DOC).equal(
          'customer_account',
          created.customer_account,
          `PR${String(created.id).padStart(6, '0')}`,
        )
        await checkUpdate(kit, `/v1/prospects/${created.id}`, { phone: '+33123456789' }, 200, DOC)
        verify(await kit.post('/v1/prospects', {}), 'Laravel rule required').status(422)
        verify(
          await kit.put(`/v1/prospects/${created.id}`, { name: 'x' }),
          'Laravel rule min:2',
        ).status(422)
        verify(
          await kit.put(`/v1/prospects/${UNKNOWN_ID}`, { phone: '+33123456789' }),
          'route model binding',
        ).status(404)
      })

      it('a contact of a prospect: POST 201, PUT, DELETE; 422 without its fields, 404 for an unknown owner or id', async () => {
        const { id } = await prospect()
        const query = owner('contactable', id, 'App\\Prospect')
        const contact = await setup('contacts', 'POST /v1/contacts', () =>
          kit.post(
            '/v1/contacts',
            { last_name: kit.tag('Contact'), email_address: 'contact@example.invalid' },
            { query },
          ),
        )
        kit.created(`contact ${contact.id}`, () => kit.delete(`/v1/contacts/${contact.id}`))
        await checkUpdate(kit, `/v1/contacts/${contact.id}`, { first_name: 'Ada' }, 200, DOC)
        verify(await kit.post('/v1/contacts', {}, { query }), 'Laravel rule required').status(422)
        verify(
          await kit.put(`/v1/contacts/${contact.id}`, { email_address: 'not an address' }),
          'Laravel rule email',
        ).status(422)
        const nowhere = owner('contactable', UNKNOWN_ID, 'App\\Prospect')
        verify(
          await kit.post(
            '/v1/contacts',
            { last_name: 'x', email_address: 'x@example.invalid' },
            {
              query: nowhere,
            },
          ),
          `${DOC}: an unknown owner`,
        ).status(404)
        verify(
          await kit.put(`/v1/contacts/${UNKNOWN_ID}`, { first_name: 'Ada' }),
          'route model binding',
        ).status(404)
        await checkDelete(kit, `/v1/contacts/${contact.id}`, DOC)
        verify(await kit.delete(`/v1/contacts/${UNKNOWN_ID}`), 'route model binding').status(404)
      })

      it('a note on a prospect: POST 201, listed, PUT, DELETE; 422 without a body, 404 for an unknown owner or id', async () => {
        const { id } = await prospect()
        const query = owner('noteable', id, 'App\\Prospect')
        const note = await setup('notes', 'POST /v1/notes', () =>
          kit.post('/v1/notes', { body: kit.tag('Note') }, { query }),
        )
        kit.created(`note ${note.id}`, () => kit.delete(`/v1/notes/${note.id}`))
        const listed = await kit.get('/v1/notes', { query })
        verify(listed, `${DOC}: the note is listed`).includes(listed.body, note.id, 'the new note')
        await checkUpdate(kit, `/v1/notes/${note.id}`, { title: 'Call back' }, 200, DOC)
        verify(await kit.post('/v1/notes', {}, { query }), 'Laravel rule required').status(422)
        verify(await kit.put(`/v1/notes/${note.id}`, { body: '' }), 'Laravel rule required').status(
          422,
        )
        verify(
          await kit.post(
            '/v1/notes',
            { body: 'x' },
            {
              query: owner('noteable', UNKNOWN_ID, 'App\\Prospect'),
            },
          ),
          `${DOC}: an unknown owner`,
        ).status(404)
        verify(
          await kit.put(`/v1/notes/${UNKNOWN_ID}`, { title: 'x' }),
          'route model binding',
        ).status(404)
        await checkDelete(kit, `/v1/notes/${note.id}`, DOC)
        verify(await kit.delete(`/v1/notes/${UNKNOWN_ID}`), 'route model binding').status(404)
      })

      it.runIf(sales !== null)(
        'a sales user cannot write a contact or a note of a customer they do not represent (403), nor delete a prospect',
        async () => {
          const { notTheirs } = await customers()
          if (!notTheirs) throw new Unavailable('no customer of another representative')
          const contact = await kit.post(
            '/v1/contacts',
            { last_name: 'x', email_address: 'x@example.invalid' },
            { query: owner('contactable', notTheirs.id), token: sales },
          )
          verify(contact, 'seeds/000 role scope, through the owner').status(403)
          const note = await kit.post(
            '/v1/notes',
            { body: 'x' },
            {
              query: owner('noteable', notTheirs.id),
              token: sales,
            },
          )
          verify(note, 'seeds/000 role scope, through the owner').status(403)
          const { id } = await prospect()
          const refused = await kit.delete(`/v1/prospects/${id}`, { token: sales })
          verify(refused, `${DOC}: deletes need the admin or tech role`).status(403)
        },
      )

      it('a prospect with a customer file, or a contact a file names, is not deleted (422); without it, it is (200, then 404)', async () => {
        const created = await setup('prospects', 'POST /v1/prospects', () =>
          kit.post('/v1/prospects', { name: kit.tag('Prospect with a file') }),
        )
        kit.created(`prospect ${created.id}`, () => kit.delete(`/v1/prospects/${created.id}`))
        const contact = await setup('contacts', 'POST /v1/contacts', () =>
          kit.post(
            '/v1/contacts',
            { last_name: kit.tag('Named in a file'), email_address: 'file@example.invalid' },
            { query: owner('contactable', created.id, 'App\\Prospect') },
          ),
        )
        kit.created(`contact ${contact.id}`, () => kit.delete(`/v1/contacts/${contact.id}`))
        const file = await setup('prospects', 'POST /v1/customer-files', () =>
          kit.post('/v1/customer-files', {
            fileable_type: 'prospect',
            fileable_id: created.id,
            name: kit.tag('File of a prospect'),
            contact_ids: [contact.id],
          }),
        )
        kit.created(`customer file ${file.id}`, () => kit.delete(`/v1/customer-files/${file.id}`))
        const named = await kit.delete(`/v1/contacts/${contact.id}`)
        verify(named, `${DOC}: a contact a customer file names`).status(422)
        const refused = await kit.delete(`/v1/prospects/${created.id}`)
        verify(refused, `${DOC}: a prospect with customer files`).status(422)
        verify(await kit.delete(`/v1/customer-files/${file.id}`), 'seeds/002').status(200)
        await checkDelete(kit, `/v1/prospects/${created.id}`, DOC)
        verify(await kit.delete(`/v1/prospects/${UNKNOWN_ID}`), 'route model binding').status(404)
      })

      it('a phone call: POST 201, GET, PUT, DELETE; 422 without direction and status', async () => {
        const call = await setup('phone-calls', 'POST /v1/phone-calls', () =>
          kit.post('/v1/phone-calls', {
            direction: 'outbound',
            status: 'answered',
            subject: kit.tag('Call'),
          }),
        )
        kit.created(`phone call ${call.id}`, () => kit.delete(`/v1/phone-calls/${call.id}`))
        await checkUpdate(
          kit,
          `/v1/phone-calls/${call.id}`,
          { subject: kit.tag('Call back') },
          200,
          DOC,
        )
        verify(await kit.post('/v1/phone-calls', {}), 'Laravel rule required').status(422)
        verify(
          await kit.put(`/v1/phone-calls/${call.id}`, { direction: 'sideways' }),
          'Laravel rule in',
        ).status(422)
        verify(
          await kit.put(`/v1/phone-calls/${UNKNOWN_ID}`, { subject: 'x' }),
          'route model binding',
        ).status(404)
        await checkDelete(kit, `/v1/phone-calls/${call.id}`, DOC)
        verify(await kit.delete(`/v1/phone-calls/${UNKNOWN_ID}`), 'route model binding').status(404)
      })

      it('a user: POST 201, GET, PUT, DELETE (administrators only: 403 for a sales user); 422 without its fields', async () => {
        const email = `${kit.tag('user').replace(/\s+/g, '-')}@example.invalid`
        const user = await setup('users', 'POST /v1/users', () =>
          kit.post('/v1/users', { name: kit.tag('User'), email, role: 5 }),
        )
        kit.created(`user ${user.id}`, () => kit.delete(`/v1/users/${user.id}`))
        await checkUpdate(kit, `/v1/users/${user.id}`, { name: kit.tag('Renamed') }, 200, DOC)
        verify(await kit.post('/v1/users', {}), 'Laravel rule required').status(422)
        verify(await kit.put(`/v1/users/${user.id}`, { role: 1000 }), 'Laravel rule max').status(
          422,
        )
        verify(
          await kit.put(`/v1/users/${UNKNOWN_ID}`, { name: 'x' }),
          'route model binding',
        ).status(404)
        if (sales) {
          const doc = `${DOC}: users are written by administrators`
          verify(
            await kit.post('/v1/users', { name: 'x', email, role: 5 }, { token: sales }),
            doc,
          ).status(403)
          verify(
            await kit.put(`/v1/users/${user.id}`, { name: 'x' }, { token: sales }),
            doc,
          ).status(403)
          verify(await kit.delete(`/v1/users/${user.id}`, { token: sales }), doc).status(403)
        }
        await checkDelete(kit, `/v1/users/${user.id}`, DOC)
        verify(await kit.delete(`/v1/users/${UNKNOWN_ID}`), 'route model binding').status(404)
      })
    }),
)
