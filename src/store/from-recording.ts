// `bluerocktel-mock --from-recording DIR`: a state made from what `bluerocktel-mock proxy --record
// DIR` kept. The seed gives what a recording cannot (users and tokens, taxes, the records nobody
// asked for); each record an answer showed replaces the seed's of the same id, with the columns
// of its table (an answer's relations, counts and sums are the API's, not the table's), and a
// record deleted through the proxy is gone. Answers are read in the order they were recorded, so
// the last one of a record wins.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { State, TableName } from './store.js'
import { checkState } from './check-state.js'

/** The version of the recording's layout this reader knows (the proxy's RECORDING_FORMAT). */
const FORMAT = 1

/** The table a path's records belong to: a list (`/v1/items`) or one record (`/v1/items/43`). */
const TABLES: [RegExp, TableName][] = [
  [/^\/v1\/customers(\/\d+)?$/, 'customers'],
  [/^\/v1\/customer-files\/licences(\/\d+)?$/, 'licences'],
  [/^\/v1\/customer-files\/initials(\/\d+)?$/, 'initials'],
  [/^\/v1\/customer-files\/recurrings(\/\d+)?$/, 'recurrings'],
  [/^\/v1\/customer-files(\/\d+)?$/, 'customer_files'],
  [/^\/v1\/customer-services(\/\d+)?$/, 'customer_services'],
  [/^\/v1\/items(\/\d+)?$/, 'items'],
  [/^\/v1\/families(\/\d+)?$/, 'families'],
  [/^\/v1\/subfamilies(\/\d+)?$/, 'subfamilies'],
  [/^\/v1\/bundles(\/\d+)?$/, 'bundles'],
  [/^\/v1\/invoices(\/\d+)?$/, 'invoices'],
  [/^\/v1\/suppliers(\/\d+)?$/, 'suppliers'],
  [/^\/v1\/prospects(\/\d+)?$/, 'prospects'],
  [/^\/v1\/contacts(\/\d+)?$/, 'contacts'],
  [/^\/v1\/notes(\/\d+)?$/, 'notes'],
  [/^\/v1\/phone-calls(\/\d+)?$/, 'phone_calls'],
]

type Recorded = { method: string; path: string; status: number; body: unknown }
type Row = Record<string, unknown> & { id: number }

/** The rows an answer shows: a bare list, a paginator's data, or one record. */
function rowsOf(body: unknown): Row[] {
  const list = Array.isArray(body)
    ? body
    : Array.isArray((body as { data?: unknown })?.data)
      ? (body as { data: unknown[] }).data
      : [body]
  return list.filter(
    (row): row is Row =>
      !!row &&
      typeof row === 'object' &&
      Number.isSafeInteger((row as Row).id) &&
      (row as Row).id > 0,
  )
}

/** The records in `dir`, oldest first; an error names the file that is not a record. */
export function readRecording(dir: string): Recorded[] {
  const meta = JSON.parse(readFileSync(join(dir, 'recording.json'), 'utf8')) as { format?: unknown }
  if (meta.format !== FORMAT)
    throw new Error(`${dir} holds a recording of format ${String(meta.format)}, not ${FORMAT}`)
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json') && name !== 'recording.json')
    .sort()
    .map((name) => {
      const record = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Recorded
      if (typeof record?.method !== 'string' || typeof record.path !== 'string')
        throw new Error(`${join(dir, name)} is not a recorded answer`)
      return record
    })
}

/** `seed` with the recorded records in place of its own. */
export function stateFromRecording(records: Recorded[], seed: State): State {
  const tables = { ...seed.tables } as Record<TableName, Row[]>
  const byId = new Map<TableName, Map<number, Row>>()
  const rowsIn = (table: TableName) => {
    let rows = byId.get(table)
    if (!rows) byId.set(table, (rows = new Map((tables[table] ?? []).map((r) => [r.id, r]))))
    return rows
  }
  for (const record of records) {
    const table = TABLES.find(([pattern]) => pattern.test(record.path))?.[1]
    if (!table || record.status < 200 || record.status >= 300) continue
    const rows = rowsIn(table)
    if (record.method === 'DELETE') {
      const id = Number(record.path.split('/').pop())
      rows.delete(id)
      continue
    }
    // The table's columns are those of its seeded rows; a table the seed leaves empty takes the answer's scalars.
    const model = (tables[table] ?? [])[0]
    for (const shown of rowsOf(record.body)) {
      const previous = rows.get(shown.id)
      // In the answer's order: the sandbox answers a row's keys in the order they are stored.
      const columns = model
        ? [
            ...Object.keys(shown).filter((k) => k in model),
            ...Object.keys(model).filter((k) => !(k in shown)),
          ]
        : Object.keys(shown).filter((k) => shown[k] === null || typeof shown[k] !== 'object')
      rows.set(
        shown.id,
        Object.fromEntries(
          columns.map((c) => {
            const value = shown[c]
            // A relation the answer loaded under a column's name is not the column's value.
            const fits =
              c in shown &&
              !(
                value &&
                typeof value === 'object' &&
                !(model && typeof model[c] === 'object' && model[c] !== null)
              )
            return [c, fits ? value : (previous?.[c] ?? null)]
          }),
        ) as Row,
      )
    }
  }
  for (const [table, rows] of byId) tables[table] = [...rows.values()].sort((a, b) => a.id - b.id)
  return { ...seed, tables: tables as unknown as State['tables'] }
}

/** The state the recording in `dir` makes over `seed`; an Error says in one line why there is none. */
export function loadRecording(dir: string, seed: State): State {
  let records: Recorded[]
  try {
    records = readRecording(dir)
  } catch (error) {
    throw new Error(`cannot read the recording: ${(error as Error).message}`)
  }
  const state = stateFromRecording(records, seed)
  const problems = Object.values(checkState(state)).flat()
  if (problems.length)
    throw new Error(`the recording ${dir} does not make a sandbox state: ${problems.join(' ')}`)
  return state
}
