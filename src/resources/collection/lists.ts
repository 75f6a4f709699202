// The engine's reads of many records: an index (Laravel's paginator or a bare array) with the
// filters the collection names (query columns, spatie `filter[...]`, a `term`), sorts and the
// parent of a nested route; and the figures on tickets the insights routes answer.
import { parseListQuery, applySorts, type Filter } from '../../laravel/query.js'
import { ValidationFailed } from '../../laravel/errors.js'
import { searchParams } from '../../http/request.js'
import type { RecordRow } from '../../store/store.js'
import { pageOf, perPageOf } from '../list.js'
import { findParent, matches, tableOf, whereOf, type Ctx } from './records.js'

/** A spatie filter on a column; an array column matches when it holds any of the values. */
function passes(row: RecordRow, column: string, filter: Filter): boolean {
  const value = row[column]
  const wanted = filter.values.map((v) =>
    typeof v === 'boolean' ? (v ? '1' : '0') : v.toLowerCase(),
  )
  const text = (v: unknown) => (typeof v === 'boolean' ? (v ? '1' : '0') : String(v).toLowerCase())
  if (Array.isArray(value)) return value.some((item) => wanted.includes(text(item)))
  return value !== null && value !== undefined && wanted.includes(text(value))
}

/** The records the operation reads, filtered as its query asks, in its sort's order. */
export function selectRecords(ctx: Ctx): readonly RecordRow[] {
  const { c, op } = ctx
  const params = searchParams(c)
  // An operation without spatie's filters and sorts reads neither (nor refuses them).
  const spatie = op.sorts.length > 0 || Object.keys(op.filters).length > 0
  const query = spatie
    ? parseListQuery(params, {
        filters: Object.fromEntries(Object.keys(op.filters).map((name) => [name, 'exact'])),
        sorts: op.sorts,
        includes: [],
      })
    : { filters: [], sorts: [] }
  const where: [string, unknown][] = [...Object.entries(op.where), ...whereOf(c, op)]
  if (op.parent) {
    const parent = findParent(c, op.parent)
    where.push([op.parent.column ?? 'id', parent[op.parent.key ?? 'id']])
  }
  const term = op.search ? (params.get('term')?.trim().toLowerCase() ?? '') : ''
  let rows = tableOf(c, op.table)
    .all()
    .filter(
      (row) =>
        matches(row, where) &&
        query.filters.every((f) => passes(row, op.filters[f.field] ?? f.field, f)) &&
        (!term ||
          op.search!.some((col) =>
            String(row[col] ?? '')
              .toLowerCase()
              .includes(term),
          )),
    )
  // The collection sends `direction=desc` beside `sort`.
  const desc = params.get('direction')?.toLowerCase() === 'desc'
  rows = [
    ...applySorts(
      rows,
      query.sorts.map((s) => ({ ...s, desc: s.desc !== desc })),
    ),
  ]
  return term ? rows.slice(0, 15) : rows
}

export function listRecords(ctx: Ctx) {
  const rows = selectRecords(ctx)
  return ctx.op.array ? rows : pageOf(ctx.c, rows, perPageOf(ctx.c, 15))
}

/** `d/m/Y` as `Y-m-d`, or a 422 naming the parameter. */
function dayOf(name: string, raw: string | null): string | null {
  if (raw === null || raw.trim() === '') return null
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(raw.trim())
  const iso = m ? `${m[3]}-${m[2]}-${m[1]}` : ''
  if (!m || Number.isNaN(Date.parse(iso)) || new Date(iso).getUTCDate() !== Number(m[1]))
    throw new ValidationFailed({ [name]: [`The ${name} field must match the format d/m/Y.`] })
  return iso
}

/** Figures on the tickets the operation reads, created in its period. */
export function ticketStats(ctx: Ctx) {
  const { c, op } = ctx
  const params = searchParams(c)
  let start: string | null = null
  let end: string | null = null
  if (op.stats === 'period') {
    start = dayOf('start', params.get('start'))
    end = dayOf('end', params.get('end'))
  } else if (op.stats === 'year') {
    const year = params.get('year')?.trim() ?? ''
    if (year !== '' && !/^\d{4}$/.test(year))
      throw new ValidationFailed({ year: ['The year field must be an integer.'] })
    const y = year || ctx.now().slice(0, 4)
    ;[start, end] = [`${y}-01-01`, `${y}-12-31`]
  } else if (op.stats === 'today') start = end = ctx.now().slice(0, 10)
  for (const [name, rule] of Object.entries(op.rules))
    if (rule.includes('required') && (params.get(name) ?? '').trim() === '')
      throw new ValidationFailed({ [name]: [`The ${name.replace(/_/g, ' ')} field is required.`] })
  const rows = selectRecords(ctx).filter((row) => {
    const day = String(row.created_at).slice(0, 10)
    return (!start || day >= start) && (!end || day <= end)
  })
  const byStatus: Record<string, number> = {}
  let spent = 0
  for (const row of rows) {
    const status = String(row.status ?? 'open')
    byStatus[status] = (byStatus[status] ?? 0) + 1
    spent += Number(row.time_spent ?? 0)
  }
  const closed = byStatus.closed ?? 0
  return {
    start,
    end,
    total: rows.length,
    open: rows.length - closed,
    closed,
    time_spent: spent,
    average_time_spent: rows.length ? Math.round((spent / rows.length) * 100) / 100 : 0,
    by_status: byStatus,
  }
}
