// Users, from the official PHP SDK (Endpoints/Users): a paginated list with the request
// collection's filters; writes are for administrators, and no password is ever set or shown.
import type { Schema } from '../spec.js'
import { createRouter } from '../http/routes.js'
import type { Deps } from '../deps.js'
import { operationRules } from '../generated/rules.js'
import { Forbidden, Refused } from '../laravel/errors.js'
import type { QuerySpec } from '../laravel/query.js'
import { toTimestamp } from '../laravel/serialize.js'
import { unique, validate, withRules } from '../laravel/validate.js'
import { readInput } from '../http/request.js'
import { toUser } from '../auth.js'
import { USER_DEFAULTS, complete } from '../store/rows/crm.js'
import type { Store, UserRow } from '../store/store.js'
import { bindRow, dropNulls, neverNull } from './fields.js'
import { pageOf, perPageOf, readListQuery, selectRows } from './list.js'

const MODEL = 'App\\User'
const PER_PAGE = 15
const ADMIN_ROLE = 20
const FLAGS = [
  'active',
  'manager',
  'technical_manager',
  'sales',
  'technical',
  'support_team',
  'sales_admin',
  'admin',
  'business_finder',
] as const
const userQuery: QuerySpec = {
  filters: {
    term_match: 'partial',
    name: 'partial',
    email: 'partial',
    role: 'exact',
    phone: 'partial',
    mobile_phone: 'partial',
    ...Object.fromEntries(FLAGS.map((f) => [f, 'exact'])),
  },
  sorts: ['id', 'name', 'email', 'role', 'created_at', 'updated_at'],
  includes: [],
}
/** The user being written (none on create): their own email is not "taken". */
type UserContext = { store: Store; userId?: number }
const OWN_RULES = {
  email: [
    unique<UserContext>((v, { store, userId }) => {
      const owner = store.userByEmail(String(v))
      return owner !== undefined && owner.id !== userId
    }),
  ],
}
const CREATE_RULES = withRules(operationRules.createUser, OWN_RULES)
const UPDATE_RULES = withRules(operationRules.updateUser, OWN_RULES)
const DEFAULTED = Object.keys(USER_DEFAULTS) as (keyof typeof USER_DEFAULTS)[]
const NEVER_NULL = ['name' as const, 'email' as const, 'role' as const, ...neverNull(USER_DEFAULTS)]

/** A user as answered: every column, never the password. */
export const toUserRecord = (row: UserRow): Schema<'User'> => complete(toUser(row), USER_DEFAULTS)

function requireAdmin(user: UserRow) {
  if (user.role < ADMIN_ROLE) throw new Forbidden()
}

export function createUsersRouter(deps: Deps) {
  const router = createRouter({ before: deps.authenticate })
  const now = () => toTimestamp(deps.clock())

  router.get('/v1/users', (c, respond) => {
    const query = readListQuery(c, userQuery)
    const searched = query.filters.some((f) => f.field === 'term_match')
    const rows = c
      .get('store')
      .users.all()
      .map((row) => {
        const user = toUserRecord(row)
        return searched
          ? {
              ...user,
              term_match: [user.name, user.email, user.phone, user.mobile_phone]
                .filter(Boolean)
                .join(' '),
            }
          : user
      })
    const page = pageOf(c, selectRows(rows, query), perPageOf(c, PER_PAGE))
    return respond(200, {
      ...page,
      data: page.data.map(
        ({ term_match: _term, ...user }: Schema<'User'> & { term_match?: string }) => user,
      ),
    })
  })

  router.post('/v1/users', async (c, respond) => {
    const store = c.get('store')
    requireAdmin(c.get('user'))
    const fields = dropNulls(validate(await readInput(c), CREATE_RULES, { store }), DEFAULTED)
    const stamp = now()
    // No password can be set through the API (documentation): an empty one matches no login.
    const row = store.users.insert({
      ...USER_DEFAULTS,
      ...fields,
      password: '',
      created_at: stamp,
      updated_at: stamp,
    })
    return respond(201, toUserRecord(row))
  })

  router.get('/v1/users/{id}', (c, respond) =>
    respond(200, toUserRecord(bindRow(c, c.get('store').users, MODEL))),
  )

  router.put('/v1/users/{id}', async (c, respond) => {
    const store = c.get('store')
    const user = bindRow(c, store.users, MODEL)
    requireAdmin(c.get('user'))
    const fields = dropNulls(
      validate(await readInput(c), UPDATE_RULES, { store, userId: user.id }),
      NEVER_NULL,
    )
    return respond(200, toUserRecord(store.users.update(user.id, { ...fields, updated_at: now() })))
  })

  router.delete('/v1/users/{id}', (c, respond) => {
    const store = c.get('store')
    const user = bindRow(c, store.users, MODEL)
    requireAdmin(c.get('user'))
    if (user.id === c.get('user').id) throw new Refused('You cannot delete your own user.')
    store.users.remove(user.id)
    return respond(200, { message: 'The user was deleted.' })
  })

  return router.routes
}
