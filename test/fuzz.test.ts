// Fuzzing from the contract: for every operation of the bundled document, requests generated from
// its parameter and body schemas, valid and mutated, each sent in-process to a sandbox holding the
// seed (reset to it before every write). Whatever the request, the answer is a status the operation documents, with a body the
// contract allows, never a 500; a refused request changes nothing, and a read never writes.
import { describe, it, expect, afterAll } from 'vitest'
import fc from 'fast-check'
import { createApp } from '../src/app.js'
import type { Persistence } from '../src/store/persist.js'
import type { State } from '../src/store/store.js'
import { snake } from '../src/laravel/input.js'
import { createConformance, loadDocument } from '../conformance/conforms.js'
import { frozenSeedState, TOKENS } from './sandbox.js'
import {
  createCaseArbitrary,
  operationsOf,
  type FuzzCase,
  type FuzzOperation,
} from './fuzz/requests.js'

const SEED = Number(process.env.FUZZ_SEED ?? 20260324)
const VALID_RUNS = 15
const INVALID_RUNS = 30
const BODY_LIMIT = 1024 * 1024

const document = loadDocument()
const checkers = {
  docs: createConformance(document),
  legacy: createConformance(
    loadDocument(new URL('../src/generated/openapi.legacy.json', import.meta.url)),
  ),
}
const operations = operationsOf(document)

/** The seed, frozen: every case's store starts from it, and a write that mutated a row in place would throw. */
const seed = frozenSeedState()
const pools = poolsOf(seed)
const tally = new Map<string, number>()

/** Values the seeded tables hold per column (so `customer_account=CL000123` finds someone), by column and parameter name. */
function poolsOf(state: State): Record<string, unknown[]> {
  const columns: Record<string, Set<unknown>> = {}
  for (const rows of Object.values(state.tables) as Record<string, unknown>[][])
    for (const row of rows.slice(0, 25))
      for (const [key, value] of Object.entries(row))
        if (typeof value === 'string' || typeof value === 'number')
          (columns[key] ??= new Set()).add(value)
  const column = (name: string) => [
    ...(columns[snake(name.replace(/^filter\[(.*)\]$/, '$1'))] ?? []),
  ]
  const names = operations.flatMap((op) => op.parameters.map((p) => p.name as string))
  return {
    ...Object.fromEntries(Object.entries(columns).map(([name, values]) => [name, [...values]])),
    ...Object.fromEntries(names.map((name) => [name, column(name)])),
    customer: [42, 101, 3, 1],
    phone_number: column('phone'),
    term: ['acme', 'CL0001', 'sas'],
    month: ['202603', '202601'],
    sort: ['id', '-id', 'created_at', '-updated_at,id'],
  }
}

/** A sandbox on the frozen seed, with a persistence that only counts the store's change notifications. */
function createFuzzSandbox() {
  const changes = {
    durability: 'coalesced',
    count: 0,
    changed() {
      this.count++
    },
    flush: async () => {},
    close: async () => {},
    status: () => ({
      durability: 'coalesced' as const,
      written_state_at: null,
      last_write_ms: null,
      pending: false,
      error: null,
    }),
    failure: () => null,
    durableState: () => null,
  } satisfies Persistence<State> & { count: number }
  const app = createApp({
    state: seed,
    // A reset goes back to the frozen seed itself: the store copies a row before it changes it.
    seedState: () => seed,
    adminToken: TOKENS.admin,
    clock: () => new Date('2026-03-24T10:00:00Z'),
    persistence: changes,
  })
  return { app, changes }
}
// A GET is asserted below to change nothing, so GETs can share one sandbox and still each see the seed.
const forReads = createFuzzSandbox()
// A write starts from the seed: the control API's reset, before each one.
const forWrites = createFuzzSandbox()
async function resetForWrite() {
  const reset = await forWrites.app.request('/__mock/reset', {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKENS.admin}` },
  })
  expect(reset.status).toBe(200)
  return forWrites
}

/** The contract's operation object of `op`. */
const operationOf = (op: FuzzOperation) => document.paths[op.path][op.method.toLowerCase()]
/** A GET the contract says writes (`x-writes`: the request collection's links that close or make a record). */
const writesOnRead = (op: FuzzOperation) => operationOf(op)['x-writes'] === true
/**
 * The request collection's operations (x-source collection) are served by one engine from the
 * contract: a few cases each sample every one of them, the engine's own tests cover it in depth.
 */
const runsOf = (op: FuzzOperation): [valid: number, invalid: number] =>
  operationOf(op)['x-source'] === 'collection' ? [1, 2] : [VALID_RUNS, INVALID_RUNS]

async function run(op: FuzzOperation, c: FuzzCase) {
  tally.set(c.kind, (tally.get(c.kind) ?? 0) + 1)
  const read = c.method === 'GET' && !writesOnRead(op)
  const { app, changes } = read ? forReads : await resetForWrite()
  changes.count = 0
  const res = await app.request(c.url, { method: c.method, headers: c.headers, body: c.body })
  const text = await res.text()
  const where = `${c.kind}: ${c.method} ${c.url.slice(0, 300)} ${JSON.stringify(c.headers)} ${c.body?.slice(0, 300) ?? ''}\n-> ${res.status} ${text.slice(0, 500)}`
  expect(res.status, where).toBeLessThan(500)
  let body: unknown
  expect(() => (body = text === '' ? undefined : JSON.parse(text)), where).not.toThrow()
  if (res.status >= 400)
    expect(changes.count, `${where}\na refused request changed the state`).toBe(0)
  if (read) expect(changes.count, `${where}\na read changed the state`).toBe(0)
  if (c.mustRefuse) expect(res.status, where).toBeGreaterThanOrEqual(400)
  if (Buffer.byteLength(c.body ?? '') > BODY_LIMIT) {
    expect(res.status, where).toBe(413)
    expect(body, where).toEqual({ message: expect.any(String) })
    return
  }
  const checker =
    res.headers.get('x-bluerocktel-dialect') === 'legacy' ? checkers.legacy : checkers.docs
  expect(checker.findOperation(c.method, c.url)?.operationId, where).toBe(op.operationId)
  const verdict = checker.check({
    method: c.method,
    url: c.url,
    status: res.status,
    contentType: res.headers.get('content-type'),
    body,
  })
  expect(verdict.ok ? [] : verdict.problems, where).toEqual([])
}

let cases = 0
afterAll(() => {
  console.info(
    `fuzz: ${cases} cases over ${operations.length} operations (${[...tally].map(([k, n]) => `${k} ${n}`).join(', ')})`,
  )
})

describe('every operation of the contract, fuzzed', () => {
  it('covers every operation of the bundled document', () => {
    const verbs = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']
    expect(operations.length).toBe(
      Object.values(document.paths).reduce(
        (n: number, item: any) => n + verbs.filter((m) => item[m]).length,
        0,
      ),
    )
  })

  it.each(operations.map((op) => [`${op.method} ${op.path}`, op] as const))(
    '%s answers every generated request as documented',
    async (_name, op) => {
      const { valid, invalid } = createCaseArbitrary(op, document, pools)
      const [validRuns, invalidRuns] = runsOf(op)
      for (const [arbitrary, numRuns] of [
        [valid, validRuns],
        [invalid, invalidRuns],
      ] as const) {
        await fc.assert(
          fc.asyncProperty(arbitrary, (c) => run(op, c)),
          { seed: SEED, numRuns },
        )
        cases += numRuns
      }
    },
  )
})
