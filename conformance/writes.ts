// What every documented write must do, whatever the resource: a PUT answers what the next GET
// answers, and moves updated_at; a DELETE answers its documented status and message, after which
// GET answers 404; a guarded DELETE is refused and leaves the record where it was.
import type { Kit } from './client.js'

/** Whether `after` is a later updated_at than `before`; a second-precision instance may keep it within the second of the write (`date`). */
export function movedOn(before: string, after: string, date: string | null): boolean {
  if (Date.parse(after) > Date.parse(before)) return true
  const wholeSeconds = /\.0+Z$|:\d\dZ$/.test(before)
  return (
    after === before &&
    wholeSeconds &&
    date !== null &&
    Math.floor(Date.parse(before) / 1000) === Math.floor(Date.parse(date) / 1000)
  )
}

/**
 * Waits, when `updatedAt` is stored to the second and is the instance's current second (`date`), for
 * the next one: Laravel keeps an update within that second at the same updated_at, so only an
 * update in a later second shows whether the instance moves it at all.
 */
async function nextSecond(updatedAt: unknown, date: string | null) {
  if (typeof updatedAt !== 'string' || !/\.0+Z$|:\d\dZ$/.test(updatedAt) || date === null) return
  if (Math.floor(Date.parse(date) / 1000) <= Math.floor(Date.parse(updatedAt) / 1000))
    await new Promise((resolve) => setTimeout(resolve, 1000))
}

/**
 * PUT `changes` to `path`: the answer has `status`, carries the changes, equals the GET that
 * follows (on the keys it answers), and its updated_at moved.
 */
export async function checkUpdate(
  kit: Kit,
  path: string,
  changes: Record<string, unknown>,
  status: number,
  doc: string,
) {
  const before = await kit.get(path)
  kit.verify(before, doc).status(200)
  await nextSecond(before.body.updated_at, before.headers.get('date'))
  const put = await kit.put(path, changes)
  const v = kit.verify(put, doc)
  v.status(status)
  for (const [key, value] of Object.entries(changes))
    v.equal(`${key} in the PUT's answer`, put.body[key], value)
  const after = await kit.get(path)
  const w = kit.verify(after, `${doc}: a PUT's answer is the record as stored`)
  // Scalars only: a relation may be loaded by GET and not by PUT.
  for (const key of Object.keys(put.body).filter(
    (k) => put.body[k] === null || typeof put.body[k] !== 'object',
  ))
    w.equal(
      `${key} of the GET after the PUT (the PUT answered ${JSON.stringify(put.body[key])?.slice(0, 60)})`,
      after.body[key],
      put.body[key],
    )
  if (typeof before.body.updated_at === 'string')
    v.that(
      movedOn(before.body.updated_at, put.body.updated_at, put.headers.get('date')),
      `updated_at did not move: ${before.body.updated_at} before, ${put.body.updated_at} after a change`,
    )
  return put.body
}

/**
 * PATCH on a resource route (seeds/004 "Standard CRUD (resource routes)"; Laravel's Route::resource
 * takes PUT|PATCH for update): `changes` are applied as the next GET shows, `invalid` is refused with
 * the errors PUT gives it, and an unknown id answers 404.
 */
export async function checkPatch(
  kit: Kit,
  path: string,
  changes: Record<string, unknown>,
  invalid: Record<string, unknown>,
  unknown: string,
) {
  const doc =
    'seeds/004 "Standard CRUD (resource routes)"; Laravel Route::resource: PUT|PATCH update'
  const patched = await kit.request('PATCH', path, { body: changes })
  const v = kit.verify(patched, doc)
  v.status(200)
  const after = await kit.get(path)
  for (const [key, value] of Object.entries(changes))
    kit.verify(after, `${doc}: the GET after the PATCH`).equal(key, after.body[key], value)
  const [viaPatch, viaPut] = [
    await kit.request('PATCH', path, { body: invalid }),
    await kit.put(path, invalid),
  ]
  kit
    .verify(viaPatch, `${doc}: the rules of PUT`)
    .equal('the errors', viaPatch.body.errors, viaPut.body.errors)
  kit
    .verify(await kit.request('PATCH', unknown, { body: changes }), `${doc}: route model binding`)
    .status(404)
}

/** DELETE `path`: 200 with Laravel's success message, then GET answers 404. */
export async function checkDelete(kit: Kit, path: string, doc: string) {
  const deleted = await kit.delete(path)
  const v = kit.verify(deleted, `${doc} "Response 200: Success message"`)
  v.status(200)
  v.keys('the answer', deleted.body, ['message'])
  v.that(
    typeof deleted.body.message === 'string' && deleted.body.message.length > 0,
    `message is ${JSON.stringify(deleted.body.message)}`,
  )
  kit.verify(await kit.get(path), `${doc}: a deleted record is gone`).status(404)
}

/** DELETE `path` of a record in use: refused with 422 and a message, and the record is still there. */
export async function checkGuardedDelete(kit: Kit, path: string, doc: string) {
  const refused = await kit.delete(path)
  const v = kit.verify(refused, doc)
  v.status(422)
  v.that(
    typeof refused.body.message === 'string' && refused.body.message.length > 0,
    `message is ${JSON.stringify(refused.body.message)}`,
  )
  kit.verify(await kit.get(path), `${doc}: a refused delete leaves the record`).status(200)
}
