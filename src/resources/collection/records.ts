// What the engine does with a record: finds it (route model binding, by a key, by the input, by
// the query), turns validated input into column values, and writes it. Laravel's resource
// conventions: store answers 201, update 200 with the record, destroy a message, a missing record
// the model-not-found 404.
import { randomBytes } from 'node:crypto'
import type { Context } from 'hono'
import { NotFound, ValidationFailed } from '../../laravel/errors.js'
import { snake, type Input } from '../../laravel/input.js'
import { toTimestamp } from '../../laravel/serialize.js'
import { isInteger, validate } from '../../laravel/validate.js'
import { readInput, readUploads, searchParams } from '../../http/request.js'
import type { RecordRow, TableName } from '../../store/store.js'
import type { Table } from '../../store/table.js'
import { defaultsOf, type Model } from '../../store/collection-models.js'
import type { CollectionOperation, Parent } from './operations.js'

export type Ctx = { c: Context; op: CollectionOperation; now: () => string }

/** Any table of the request's store, as rows of columns. */
export const tableOf = (c: Context, name: string) =>
  c.get('store')[name as TableName] as unknown as Table<RecordRow>

/** The input's value of `field`, sent under its name or a camelCase one (`ticketId`). */
export function inputValue(input: Input, field: string): unknown {
  if (field in input) return input[field]
  const key = Object.keys(input).find((k) => snake(k) === field)
  return key === undefined ? undefined : input[key]
}

const sameValue = (value: unknown, wanted: unknown) =>
  value !== null && value !== undefined && String(value) === String(wanted)

/** The record of `table` whose `column` is `raw`, else Laravel's 404 naming `model`. */
export function findRecord(c: Context, table: string, model: string, raw: string, column = 'id') {
  const rows = tableOf(c, table)
  const row =
    column === 'id'
      ? isInteger(raw)
        ? rows.get(Number(raw))
        : undefined
      : rows.all().find((r) => sameValue(r[column], raw))
  if (!row) throw new NotFound(model, raw)
  return row
}

/** The parent a nested route names (by its path parameter or an input field), or its 404. */
export function findParent(c: Context, parent: Parent, input?: Input): RecordRow {
  const raw = parent.param
    ? (c.req.param(parent.param) ?? '')
    : String(input ? (inputValue(input, parent.input!) ?? '') : '')
  return findRecord(c, parent.table, parent.model, raw, parent.key ?? 'id')
}

/** The last `{parameter}` of a spec path: the record a member route names. */
const lastParam = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].at(-1)?.[1] ?? 'id'

/** The operation's record: by its path parameter, an input field, the query, or the single row. */
export async function bindRecord({ c, op }: Ctx): Promise<RecordRow> {
  const bind = op.bind ?? { param: lastParam(op.path), column: 'id' }
  if ('singleton' in bind) {
    const row = tableOf(c, op.table).all()[0]
    if (!row) throw new NotFound(op.className)
    return row
  }
  if ('param' in bind)
    return findRecord(c, op.table, op.className, c.req.param(bind.param) ?? '', bind.column)
  const input = await readInput(c)
  validate(input, op.rules)
  if ('input' in bind)
    return findRecord(c, op.table, op.className, String(inputValue(input, bind.input)))
  // `where(...)->latest()->firstOrFail()`: the newest record with the query's values.
  const given = bind.query.filter((name) => inputValue(input, name) != null)
  const rows = tableOf(c, op.table).all()
  for (let i = rows.length - 1; i >= 0; i--)
    if (given.every((name) => sameValue(rows[i]![name], inputValue(input, name)))) return rows[i]!
  throw new NotFound(op.className)
}

/** An array of integers (`ai` columns), each item checked as Laravel's `field.*` rule does. */
function integers(field: string, items: unknown[]): number[] {
  const wrong = items.findIndex((item) => !isInteger(item))
  if (wrong >= 0)
    throw new ValidationFailed({
      [`${field}.${wrong}`]: [`The ${field}.${wrong} field must be an integer.`],
    })
  return items.map(Number)
}

/** Validated input as column values: dates as dates, numbers as numbers, only the model's columns. */
export function toColumns(model: Model, fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const column of model.columns) {
    if (!(column.name in fields)) continue
    let value = fields[column.name]
    if (typeof value === 'string' && column.format === 'date') value = value.slice(0, 10)
    else if (typeof value === 'string' && column.format === 'date-time')
      value = toTimestamp(new Date(value))
    else if (typeof value === 'string' && column.types.includes('number')) value = Number(value)
    else if (Array.isArray(value) && column.items === 'integer')
      value = integers(column.name, value)
    // A null for a column that is never null keeps its value (the collection's clients send nulls).
    if (value === null && !column.types.includes('null')) continue
    out[column.name] = value
  }
  return out
}

/** What an upload sets: the file's name, type and size where the model has such columns. */
async function uploadColumns(ctx: Ctx, model: Model): Promise<Record<string, unknown>> {
  const { op, c } = ctx
  if (!op.upload) return {}
  const file = (await readUploads(c)).find((f) => f.field === op.upload)
  if (!file) return {}
  const has = (name: string) => model.columns.some((col) => col.name === name)
  const out: Record<string, unknown> = {}
  if (has('file_name')) out.file_name = file.name
  if (has('mime_type')) out.mime_type = file.type
  if (has('size')) out.size = file.size
  if (has(op.upload)) out[op.upload] = `${op.table}/${file.name}`
  return out
}

/** The operation's model; only core tables lack one, and no write reaches them. */
const modelOf = (op: CollectionOperation): Model => {
  if (!op.model) throw new Error(`${op.id} has no model`)
  return op.model
}

/** The columns the sandbox makes on create: a random key for a public link. */
const generatedColumns = (model: Model) =>
  Object.fromEntries(
    model.columns
      .filter((col) => col.generated === 'token')
      .map((col) => [col.name, randomBytes(18).toString('base64url').slice(0, 25)]),
  )

export async function storeRecord(ctx: Ctx): Promise<RecordRow> {
  const { c, op, now } = ctx
  const model = modelOf(op)
  const input = await readInput(c)
  const fields = validate(input, op.rules)
  if (op.parent?.input) findParent(c, op.parent, input)
  const stamp = now()
  const user = model.columns.some((col) => col.name === 'user_id' && col.readOnly)
  return tableOf(c, op.table).insert({
    ...defaultsOf(model),
    ...toColumns(model, { ...fields, ...op.where }),
    ...(user ? { user_id: c.get('user').id } : {}),
    ...(await uploadColumns(ctx, model)),
    ...generatedColumns(model),
    created_at: stamp,
    updated_at: stamp,
  })
}

/** Writes the validated input (an update), or the operation's own values (an action). */
export async function updateRecord(ctx: Ctx, row: RecordRow): Promise<RecordRow> {
  const { c, op, now } = ctx
  const model = modelOf(op)
  const input = await readInput(c)
  const fields: Record<string, unknown> = { ...validate(input, op.rules) }
  for (const [column, field] of Object.entries(op.setFrom)) fields[column] = fields[field]
  if (op.setInput) fields[op.setInput] = JSON.stringify(validate(input, op.rules))
  for (const [column, value] of Object.entries(op.set))
    fields[column] = value === '$now' ? now() : value
  if (op.track && typeof row.tracking_started_at === 'string') {
    const minutes = Math.round((Date.parse(now()) - Date.parse(row.tracking_started_at)) / 60_000)
    fields.time_spent = Number(row.time_spent ?? 0) + Math.max(0, minutes)
  }
  if (op.bind && 'input' in op.bind) delete fields[op.bind.input]
  const changes = { ...toColumns(model, fields), ...(await uploadColumns(ctx, model)) }
  return tableOf(c, op.table).update(row.id, { ...changes, updated_at: now() })
}

/** `App\Recruitment\CandidateDetail` -> "candidate detail". */
export const labelOf = (className: string) =>
  snake(className.split('\\').at(-1) ?? className).replace(/_/g, ' ')

/** The query's plain parameters that name a column: `where column = value`. */
export function whereOf(c: Context, op: CollectionOperation): [string, string][] {
  const params = searchParams(c)
  const keys = [...params.keys()]
  return Object.entries(op.queryColumns).flatMap(([param, column]) => {
    const key = keys.find((k) => k === param || snake(k) === param)
    const value = key === undefined ? null : params.get(key)
    return value === null || value.trim() === '' ? [] : [[column, value.trim()] as [string, string]]
  })
}

export const matches = (row: RecordRow, where: readonly (readonly [string, unknown])[]) =>
  where.every(([column, value]) =>
    typeof row[column] === 'boolean'
      ? row[column] === (value === true || value === '1' || value === 'true')
      : sameValue(row[column], value),
  )
