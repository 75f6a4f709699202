// The owner of a contact or a note, named by a polymorphic pair in the query string
// (`contactable_type=App\Customer&contactable_id=42`, research §1.4): validated (422), found (404,
// naming the model) and visible to the user (403, the customers' role rule).
import type { Context } from 'hono'
import { Forbidden, NotFound } from '../laravel/errors.js'
import { validate, type Rules } from '../laravel/validate.js'
import { seesEverything } from '../auth.js'
import { queryInput } from '../http/request.js'
import type { Store } from '../store/store.js'

export type OwnerClass = 'App\\Customer' | 'App\\Prospect' | 'App\\CustomerFile'
export type Owner = { type: OwnerClass; id: number }

/** The `<prefix>_type` / `<prefix>_id` pair's rules, for the owner classes `classes`. */
export const ownerRules = (prefix: string, classes: readonly OwnerClass[]): Rules => ({
  [`${prefix}_type`]: ['required', 'string', ['in', classes]],
  [`${prefix}_id`]: ['required', 'integer'],
})

function exists(store: Store, owner: Owner) {
  if (owner.type === 'App\\Customer') return store.customers.get(owner.id)
  if (owner.type === 'App\\Prospect') return store.prospects.get(owner.id)
  return store.customer_files.get(owner.id)
}

/** The owner the query string names; the query is read the same way on a POST (Laravel's input merges it). */
export function findOwner(
  c: Context,
  input: Record<string, unknown>,
  prefix: string,
  rules: Rules,
): Owner {
  const fields = validate(input, rules) as Record<string, unknown>
  const owner = { type: fields[`${prefix}_type`] as OwnerClass, id: Number(fields[`${prefix}_id`]) }
  const row = exists(c.get('store'), owner)
  if (!row) throw new NotFound(owner.type, owner.id)
  const user = c.get('user')
  if (
    owner.type === 'App\\Customer' &&
    !seesEverything(user) &&
    (row as { representative_id: number | null }).representative_id !== user.id
  )
    throw new Forbidden()
  return owner
}

/** findOwner for a GET. */
export const ownerInQuery = (c: Context, prefix: string, rules: Rules) =>
  findOwner(c, queryInput(c), prefix, rules)
