// The request collection's actions beyond a resource's five: reference lists, a record's file,
// the members of a pivot (attach, sync, detach), a ticket's associates and customer, a contact's
// coworkers and accounts, the look-up by phone number, and requests to send something (which the
// sandbox answers without sending anything).
import { NotFound, ValidationFailed } from '../../laravel/errors.js'
import { isInteger, validate } from '../../laravel/validate.js'
import { readInput } from '../../http/request.js'
import type { RecordRow } from '../../store/store.js'
import { propertiesOf } from '../../store/collection-models.js'
import { phoneTail, toContactRecord } from '../../store/rows/crm.js'
import { bindRecord, findParent, findRecord, inputValue, tableOf, type Ctx } from './records.js'

/** A reference list: the contract's values (of the operation, or of a property), or a table's names. */
export function listValues({ c, op }: Ctx) {
  if (op.valuesTable)
    return tableOf(c, op.valuesTable)
      .all()
      .map((row) => ({ id: row.id, name: String(row.name ?? '') }))
  const values = op.valuesOf
    ? (propertiesOf(op.valuesOf[0])[op.valuesOf[1]]?.enum ?? []).filter((v: unknown) => v !== null)
    : (op.values ?? [])
  return values.map((name: unknown, i: number) => ({ id: i + 1, name: String(name) }))
}

/** A record's file as JSON. The sandbox keeps no bytes: the content is the record as text. */
export async function fileOf(ctx: Ctx) {
  const row = await bindRecord(ctx)
  const text = JSON.stringify(row, null, 2)
  const bytes = Buffer.from(text, 'utf8')
  const name = typeof row.file_name === 'string' ? row.file_name : `${ctx.op.table}-${row.id}`
  return {
    file_name: `${name.replace(/\.\w+$/, '')}.txt`,
    mime_type: 'text/plain',
    size: bytes.length,
    content: bytes.toString('base64'),
  }
}

/** The ids in the input's `field`: integers naming rows of `related`, else Laravel's 422 per item. */
function idsOf(ctx: Ctx, value: unknown, field: string, related: string): number[] {
  const list = Array.isArray(value) ? value : []
  const errors: Record<string, string[]> = {}
  list.forEach((id, i) => {
    const key = `${field}.${i}`
    if (!isInteger(id)) errors[key] = [`The ${key} field must be an integer.`]
    else if (!tableOf(ctx.c, related).get(Number(id)))
      errors[key] = [`The selected ${key} is invalid.`]
  })
  if (Object.keys(errors).length) throw new ValidationFailed(errors)
  return [...new Set(list.map(Number))]
}

/** A pivot's rows of the record in the path (its members, its students). */
export async function pivotMembers(ctx: Ctx, change?: 'attach' | 'sync' | 'detach') {
  const { c, op } = ctx
  const pivot = op.pivot!
  const parent = findRecord(c, op.table, op.className, c.req.param('id') ?? '')
  const rows = tableOf(c, pivot.table)
  const members = () => rows.all().filter((row) => row[pivot.parent] === parent.id)
  if (change) {
    const input = await readInput(c)
    const ids = idsOf(ctx, validate(input, op.rules)[pivot.input], pivot.input, pivot.related)
    const current = members()
    const has = new Set(current.map((row) => Number(row[pivot.child])))
    if (change !== 'attach')
      for (const row of current)
        if (ids.includes(Number(row[pivot.child])) === (change === 'detach')) rows.remove(row.id)
    if (change !== 'detach') {
      const stamp = ctx.now()
      for (const id of ids)
        if (!has.has(id))
          rows.insert({
            [pivot.parent]: parent.id,
            [pivot.child]: id,
            created_at: stamp,
            updated_at: stamp,
          })
    }
  }
  return members()
}

/** One member of the pivot: the one whose related id is the last path parameter, else 404. */
export function pivotMember(ctx: Ctx, remove: boolean) {
  const { c, op } = ctx
  const pivot = op.pivot!
  const parent = findRecord(c, op.table, op.className, c.req.param('id') ?? '')
  const raw = c.req.param(pivot.child.replace(/_id$/, '')) ?? ''
  const row = tableOf(c, pivot.table)
    .all()
    .find((r) => r[pivot.parent] === parent.id && String(r[pivot.child]) === raw)
  if (!row) throw new NotFound(`App\\${pivot.related === 'users' ? 'User' : 'Contact'}`, raw)
  if (remove) tableOf(c, pivot.table).remove(row.id)
  return row
}

/** Adds `associated` to the record's list and takes `unassociated` out. */
export async function associate(ctx: Ctx) {
  const row = await bindRecord(ctx)
  const fields = validate(await readInput(ctx.c), ctx.op.rules)
  const add = idsOf(ctx, fields.associated, 'associated', ctx.op.table)
  const drop = new Set(idsOf(ctx, fields.unassociated, 'unassociated', ctx.op.table))
  const current = Array.isArray(row.associated) ? (row.associated as number[]) : []
  const associated = [...new Set([...current, ...add])].filter((id) => !drop.has(id))
  return tableOf(ctx.c, ctx.op.table).update(row.id, { associated, updated_at: ctx.now() })
}

/** The customer a record belongs to (its `*able` owner), else the customer's 404. */
export async function ownerOf(ctx: Ctx) {
  const row = await bindRecord(ctx)
  const owner = ctx.op.owner!
  const type = row[owner.column.replace(/_id$/, '_type')]
  if (type !== owner.model) throw new NotFound(owner.model)
  return findRecord(ctx.c, owner.table, owner.model, String(row[owner.column]))
}

type Account = { type: string; id: number; name: string | null; account: string | null }
const accountOf = (type: string, row: RecordRow | undefined): Account[] =>
  row
    ? [
        {
          type,
          id: row.id,
          name: (row.name as string | null) ?? null,
          account: (row.customer_account as string | null) ?? null,
        },
      ]
    : []

/** The other contacts of the contact's customer or prospect. */
export function coworkersOf({ c }: Ctx) {
  const contact = findRecord(c, 'contacts', 'App\\Contact', c.req.param('id') ?? '')
  return tableOf(c, 'contacts')
    .all()
    .filter(
      (row) =>
        row.id !== contact.id &&
        row.contactable_type === contact.contactable_type &&
        row.contactable_id === contact.contactable_id,
    )
    .map((row) => toContactRecord(row as never))
}

const OWNER_TABLES: Record<string, 'customers' | 'prospects'> = {
  'App\\Customer': 'customers',
  'App\\Prospect': 'prospects',
}
/** The contact's customer or prospect, as an account. */
export function accountsOf({ c }: Ctx): Account[] {
  const contact = findRecord(c, 'contacts', 'App\\Contact', c.req.param('id') ?? '')
  const table = OWNER_TABLES[String(contact.contactable_type)]
  return table
    ? accountOf(
        String(contact.contactable_type),
        tableOf(c, table).get(Number(contact.contactable_id)),
      )
    : []
}

/** The customer, prospect or contact's owner whose phone ends as `number` does, else 404. */
export function accountByNumber({ c }: Ctx): Account {
  const raw = c.req.param('number') ?? ''
  const tail = phoneTail(raw)
  const same = (...phones: unknown[]) =>
    tail.length > 0 && phones.some((p) => typeof p === 'string' && phoneTail(p) === tail)
  for (const [type, table] of Object.entries(OWNER_TABLES)) {
    const row = tableOf(c, table)
      .all()
      .find((r) => same(r.phone, r.mobile_phone))
    if (row) return accountOf(type, row)[0]!
  }
  const contact = tableOf(c, 'contacts')
    .all()
    .find((r) => same(r.mobile_phone, r.landline_phone))
  const table = contact && OWNER_TABLES[String(contact.contactable_type)]
  const account =
    contact && table
      ? accountOf(
          String(contact.contactable_type),
          tableOf(c, table).get(Number(contact.contactable_id)),
        )
      : []
  if (!account[0]) throw new NotFound('App\\Customer')
  return account[0]
}

/** A request to send something: the record (or the input's parent) exists, the input is valid. */
export async function notify(ctx: Ctx) {
  const input = await readInput(ctx.c)
  const fields = validate(input, ctx.op.rules)
  if (ctx.op.parent) findParent(ctx.c, ctx.op.parent, input)
  else await bindRecord(ctx)
  const message = (ctx.op.message ?? 'Done.').replace(/\{(\w+)\}/g, (_, name: string) =>
    String((fields as Record<string, unknown>)[name] ?? inputValue(input, name) ?? ''),
  )
  return { message }
}
