// Which documented (operation, status) pairs a run exercised, and whether the answers conformed
// (to the contract and to the behaviour checked on them); the statuses received that the
// contract does not document; and why a pair was not exercised.
import { appendFileSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { resourceName } from './config.js'

export type Exercise = {
  operationId: string
  method: string
  path: string
  status: number
  conforms: boolean
}
export type Pair = {
  operationId: string
  method: string
  path: string
  status: string
  tag: string
  /** `seeds` for a documented operation; else its `x-source` (php-sdk, collection): beyond the documentation. */
  source: string
}

/** Where the contract's operation comes from: the seeds, or the client it was taken from (`x-source`). */
export const sourceOf = (operation: { 'x-source'?: string }) => operation['x-source'] ?? 'seeds'
/** How the report names a source beyond the documentation. */
export const SOURCE_NAMES: Record<string, string> = {
  'php-sdk': "the official PHP SDK's resources",
  collection: "the vendor's request collection",
}
export type CoverageRow = Pair & {
  exercised: boolean
  conforms: boolean | null
  documented: boolean
  unreachable?: string
}
export type Records = {
  exercises: Exercise[]
  leftBehind: string[]
  warnings: string[]
  blocked: { resource: string; reason: string }[]
}

/** Pairs a run cannot reach on any instance, and why. */
export const UNREACHABLE: Record<string, string> = {
  'deleteUser 422':
    "refused for the run's own user, which an instance that does not refuse would lose",
  'createItem 500': 'a server error cannot be caused on purpose',
  'deleteCustomerFile 422':
    'needs a file with invoices, which the API cannot create; deleting a seeded one on purpose would lose it on an instance that does not refuse',
}

/**
 * Why a pair of the request collection was not exercised: the kit checks those resources the way
 * Laravel's resource controllers answer (conformance/suites/collection.test.ts), and sends none of
 * the collection's other actions, whose behaviour nothing documents.
 */
export const COLLECTION_NOT_SENT =
  "beyond the documentation: the kit sends the collection's resource actions (a list, a record, a JSON write) and its GETs without parameters, not this one"

/** Pairs that need something the run was not given. */
export function conditionalReasons(
  pairs: Pair[],
  options: { salesToken: boolean; profile: string; login: boolean },
): Record<string, string> {
  // The readonly profile sends a write only without valid credentials, so a write can only answer 401.
  const writes =
    options.profile === 'readonly'
      ? pairs.filter((p) => p.method !== 'GET' && p.operationId !== 'login' && p.status !== '401')
      : []
  return {
    ...Object.fromEntries(
      writes.map((p) => [`${p.operationId} ${p.status}`, 'a write: needs --profile full']),
    ),
    ...(options.login ? {} : { 'login 200': 'needs --email and --password' }),
    ...(options.salesToken
      ? {}
      : Object.fromEntries(
          [
            'getCustomer',
            'updateCustomer',
            'deleteCustomer',
            'getCustomerConsumptions',
            'getCustomerByAccount',
            'getCustomerByLegacyAccount',
            'getCustomerIdByAccount',
            'listServicesOfCustomer',
            'syncCustomerServices',
            'createItem',
            'createBundle',
            'getInvoice',
            ...['CustomerFile', 'Licence', 'Initial', 'Recurring'].flatMap((model) =>
              ['create', 'get', 'update', 'delete'].map((verb) => `${verb}${model}`),
            ),
          ].map((op) => [`${op} 403`, 'needs --sales-token (a user below the tech level)']),
        )),
  }
}

export function createRecorder(dir: string | null) {
  const file = dir ? join(dir, `exercised-${process.pid}.jsonl`) : null
  const append = (line: object) => file && appendFileSync(file, JSON.stringify(line) + '\n')
  return {
    record: (exercise: Exercise) => append(exercise),
    leftBehind: (what: string) => append({ leftBehind: what }),
    warning: (warning: string) => append({ warning }),
    blocked: (resource: string, reason: string) => append({ blocked: reason, resource }),
  }
}

export function readRecords(dir: string): Records {
  const lines = readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) =>
      readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
    )
  return {
    exercises: lines.filter((l) => 'operationId' in l),
    leftBehind: lines.filter((l) => 'leftBehind' in l).map((l) => l.leftBehind),
    warnings: [...new Set<string>(lines.filter((l) => 'warning' in l).map((l) => l.warning))],
    blocked: lines
      .filter((l) => 'blocked' in l)
      .map((l) => ({ resource: l.resource, reason: l.blocked })),
  }
}

export function documentedPairs(document: { paths: Record<string, Record<string, any>> }): Pair[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    ['get', 'post', 'put', 'patch', 'delete']
      .filter((m) => item[m])
      .flatMap((m) =>
        Object.keys(item[m].responses).map((status) => ({
          operationId: item[m].operationId,
          method: m.toUpperCase(),
          path,
          status,
          tag: item[m].tags[0],
          source: sourceOf(item[m]),
        })),
      ),
  )
}

export function coverage(
  pairs: Pair[],
  records: Pick<Records, 'exercises' | 'blocked'>,
  reasons: Record<string, string>,
  only: string[] | null,
): CoverageRow[] {
  const selected = pairs.filter((p) => !only || only.includes(resourceName(p.tag)))
  const blockedReason = (tag: string) =>
    records.blocked.find((b) => b.resource === resourceName(tag))?.reason
  const rows: CoverageRow[] = selected.map((pair) => {
    const hits = records.exercises.filter(
      (e) => e.operationId === pair.operationId && String(e.status) === pair.status,
    )
    const key = `${pair.operationId} ${pair.status}`
    const blocked = blockedReason(pair.tag)
    const notSent = pair.source === 'collection' ? COLLECTION_NOT_SENT : undefined
    return {
      ...pair,
      exercised: hits.length > 0,
      conforms: hits.length ? hits.every((h) => h.conforms) : null,
      documented: true,
      unreachable: hits.length
        ? undefined
        : (reasons[key] ?? (blocked ? `blocked by ${blocked}` : notSent)),
    }
  })
  // Statuses the contract does not document for an operation are listed as received, and fail.
  const known = new Set(selected.map((p) => `${p.operationId} ${p.status}`))
  const operations = new Map(selected.map((p) => [p.operationId, p]))
  for (const e of records.exercises) {
    const pair = operations.get(e.operationId)
    if (!pair || known.has(`${e.operationId} ${e.status}`)) continue
    known.add(`${e.operationId} ${e.status}`)
    rows.push({
      ...pair,
      status: String(e.status),
      exercised: true,
      conforms: false,
      documented: false,
    })
  }
  return rows
}

/** What a run without --beyond-docs left out: the operations beyond the documentation, by source. */
export function leftOut(pairs: Pair[]): Record<string, number> {
  const operations = new Map(
    pairs.filter((p) => p.source !== 'seeds').map((p) => [p.operationId, p.source]),
  )
  const counts: Record<string, number> = {}
  for (const source of operations.values()) counts[source] = (counts[source] ?? 0) + 1
  return counts
}

/** The line that says what was not checked, and how to check it. */
export function formatLeftOut(counts: Record<string, number>): string | null {
  const parts = Object.entries(counts).map(
    ([source, n]) => `${n} from ${SOURCE_NAMES[source] ?? source} (x-source: ${source})`,
  )
  return parts.length
    ? `Not checked: the operations beyond the five documentation pages, ${parts.join(', ')}; --beyond-docs checks them, apart.`
    : null
}

export function formatCoverage(rows: CoverageRow[]): string {
  const documented = rows.filter((r) => r.source === 'seeds')
  const beyond = rows.filter((r) => r.source !== 'seeds')
  const sections = [formatRows('Coverage of documented (operation, status) pairs:', documented)]
  if (beyond.length)
    sections.push(
      formatRows(
        "Beyond the documentation (--beyond-docs: the contract follows the clients and Laravel's conventions there, not the docs):",
        beyond,
      ),
    )
  return sections.join('\n\n')
}

function formatRows(title: string, rows: CoverageRow[]): string {
  const width = Math.max(...rows.map((r) => `${r.method} ${r.path}`.length), 10)
  const lines = rows.map((r) => {
    const mark = r.exercised ? (r.conforms ? 'ok  ' : 'FAIL') : r.unreachable ? 'n/a ' : '--  '
    const note = !r.documented
      ? '  (received, but not a documented status)'
      : r.unreachable
        ? `  (${r.unreachable})`
        : ''
    return `${mark} ${`${r.method} ${r.path}`.padEnd(width)} ${r.status}  ${r.operationId}${note}`
  })
  const exercised = rows.filter((r) => r.exercised && r.documented).length
  const documented = rows.filter((r) => r.documented).length
  const failing = rows.filter((r) => r.exercised && !r.conforms).length
  const unreachable = rows.filter((r) => !r.exercised && r.unreachable).length
  return [
    title,
    ...lines,
    `${exercised} of ${documented} pairs exercised (${failing} FAIL), ${unreachable} not reachable here, ${documented - exercised - unreachable} not exercised` +
      `${rows.length > documented ? `; ${rows.length - documented} undocumented status(es) received` : ''}.`,
  ].join('\n')
}
