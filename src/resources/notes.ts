// Notes, from the official PHP SDK (Endpoints/Notes): notes on a customer, a prospect or a
// customer file, listed as a bare array, newest first.
import { createRouter } from '../http/routes.js'
import type { Deps } from '../deps.js'
import { operationRules } from '../generated/rules.js'
import type { QuerySpec } from '../laravel/query.js'
import { toTimestamp } from '../laravel/serialize.js'
import { validate } from '../laravel/validate.js'
import { readInput } from '../http/request.js'
import { NOTE_DEFAULTS } from '../store/rows/crm.js'
import { bindRow, dropNulls, neverNull } from './fields.js'
import { readListQuery, selectRows } from './list.js'
import { findOwner, ownerInQuery, ownerRules } from './owners.js'

const MODEL = 'App\\Note'
const OWNER = ownerRules('noteable', ['App\\Customer', 'App\\Prospect', 'App\\CustomerFile'])
const noteQuery: QuerySpec = {
  filters: { type: 'exact', title: 'partial' },
  sorts: ['id', 'priority', 'created_at', 'updated_at'],
  includes: [],
}
const DEFAULTED = Object.keys(NOTE_DEFAULTS) as (keyof typeof NOTE_DEFAULTS)[]
const NEVER_NULL = neverNull(NOTE_DEFAULTS)

export function createNotesRouter(deps: Deps) {
  const router = createRouter({ before: deps.authenticate })
  const now = () => toTimestamp(deps.clock())

  router.get('/v1/notes', (c, respond) => {
    const owner = ownerInQuery(c, 'noteable', OWNER)
    const query = readListQuery(c, noteQuery)
    const rows = c
      .get('store')
      .notes.all()
      .filter((n) => n.noteable_type === owner.type && n.noteable_id === owner.id)
    // Newest first unless a sort is asked for (`latest()`, inferred).
    const ordered = query.sorts.length ? rows : [...rows].reverse()
    return respond(200, [...selectRows(ordered, query)])
  })

  router.post('/v1/notes', async (c, respond) => {
    const input = await readInput(c)
    const owner = findOwner(c, input, 'noteable', OWNER)
    const fields = dropNulls(validate(input, operationRules.createNote), DEFAULTED)
    const stamp = now()
    const row = c.get('store').notes.insert({
      ...NOTE_DEFAULTS,
      ...fields,
      noteable_type: owner.type,
      noteable_id: owner.id,
      user_id: c.get('user').id,
      created_at: stamp,
      updated_at: stamp,
    })
    return respond(201, row)
  })

  router.get('/v1/notes/{id}', (c, respond) =>
    respond(200, bindRow(c, c.get('store').notes, MODEL)),
  )

  router.put('/v1/notes/{id}', async (c, respond) => {
    const store = c.get('store')
    const note = bindRow(c, store.notes, MODEL)
    const fields = dropNulls(validate(await readInput(c), operationRules.updateNote), [
      'body',
      ...NEVER_NULL,
    ])
    return respond(200, store.notes.update(note.id, { ...fields, updated_at: now() }))
  })

  router.delete('/v1/notes/{id}', (c, respond) => {
    const store = c.get('store')
    store.notes.remove(bindRow(c, store.notes, MODEL).id)
    return respond(200, { message: 'The note was deleted.' })
  })

  return router.routes
}
