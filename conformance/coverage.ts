// Which documented (operation, status) pairs a run exercised, and whether the answers conformed.
import { appendFileSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { resourceName } from './config.js'

export type Exercise = { operationId: string; method: string; path: string; status: number; conforms: boolean }
export type Pair = { operationId: string; method: string; path: string; status: string; tag: string }
export type CoverageRow = Pair & { exercised: boolean; conforms: boolean | null; unreachable?: string }

/** Pairs a run cannot reach on any instance, and why. */
export const UNREACHABLE: Record<string, string> = {
  'createItem 500': 'a server error cannot be caused on purpose',
  'deleteCustomer 422': 'needs a customer with a customer file or an invoice that the run created; the customer-files suite does it',
  'deleteCustomerFile 422': 'needs a file with invoices, which the API cannot create; deleting a seeded one on purpose would lose it on an instance that does not refuse',
  'deleteItem 422': 'needs an item that a customer file\'s line uses; the customer-files suite does it',
}

/** Pairs that need something the run was not given. */
export function conditionalReasons(pairs: Pair[], options: { salesToken: boolean; profile: string; login: boolean }): Record<string, string> {
  // The readonly profile sends a write only without valid credentials, so a write can only answer 401.
  const writes = options.profile === 'readonly' ? pairs.filter((p) => p.method !== 'GET' && p.operationId !== 'login' && p.status !== '401') : []
  return {
    ...Object.fromEntries(writes.map((p) => [`${p.operationId} ${p.status}`, 'a write: needs --profile full'])),
    ...(options.login ? {} : { 'login 200': 'needs --email and --password' }),
    ...(options.salesToken ? {} : Object.fromEntries(['getCustomer', 'updateCustomer', 'deleteCustomer', 'getCustomerConsumptions', 'getCustomerByAccount',
      'getCustomerByLegacyAccount', 'getCustomerIdByAccount', 'listServicesOfCustomer', 'syncCustomerServices', 'createItem', 'createBundle', 'getInvoice']
      .map((op) => [`${op} 403`, 'needs --sales-token (a user below the tech level)']))),
  }
}

export function createRecorder(dir: string | null) {
  const file = dir ? join(dir, `exercised-${process.pid}.jsonl`) : null
  return {
    record(exercise: Exercise) {
      if (file) appendFileSync(file, JSON.stringify(exercise) + '\n')
    },
    leftBehind(what: string) {
      if (file) appendFileSync(file, JSON.stringify({ leftBehind: what }) + '\n')
    },
  }
}

export function readRecords(dir: string): { exercises: Exercise[]; leftBehind: string[] } {
  const lines = readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)))
  return { exercises: lines.filter((l) => 'operationId' in l), leftBehind: lines.filter((l) => 'leftBehind' in l).map((l) => l.leftBehind) }
}

export function documentedPairs(document: { paths: Record<string, Record<string, any>> }): Pair[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    ['get', 'post', 'put', 'delete'].filter((m) => item[m]).flatMap((m) =>
      Object.keys(item[m].responses).map((status) => ({ operationId: item[m].operationId, method: m.toUpperCase(), path, status, tag: item[m].tags[0] })),
    ),
  )
}

export function coverage(pairs: Pair[], exercises: Exercise[], reasons: Record<string, string>, only: string[] | null): CoverageRow[] {
  return pairs
    .filter((p) => !only || only.includes(resourceName(p.tag)))
    .map((pair) => {
      const hits = exercises.filter((e) => e.operationId === pair.operationId && String(e.status) === pair.status)
      const key = `${pair.operationId} ${pair.status}`
      return { ...pair, exercised: hits.length > 0, conforms: hits.length ? hits.every((h) => h.conforms) : null, unreachable: hits.length ? undefined : reasons[key] }
    })
}

export function formatCoverage(rows: CoverageRow[]): string {
  const width = Math.max(...rows.map((r) => `${r.method} ${r.path}`.length), 10)
  const lines = rows.map((r) => {
    const mark = r.exercised ? (r.conforms ? 'ok  ' : 'FAIL') : r.unreachable ? 'n/a ' : '--  '
    return `${mark} ${`${r.method} ${r.path}`.padEnd(width)} ${r.status}  ${r.operationId}${r.unreachable ? `  (${r.unreachable})` : ''}`
  })
  const exercised = rows.filter((r) => r.exercised).length
  const unreachable = rows.filter((r) => !r.exercised && r.unreachable).length
  return [
    'Coverage of documented (operation, status) pairs:',
    ...lines,
    `${exercised} of ${rows.length} pairs exercised, ${unreachable} not reachable here, ${rows.length - exercised - unreachable} not exercised.`,
  ].join('\n')
}
