// Crash safety: the CLI with a --db file, under a load of creates over HTTP, killed with SIGKILL in
// the middle of it, then restarted on the same file, several times over. The file is whole JSON
// after every kill (also to a reader polling it during the load), and what survives is what each
// durability mode promises: in strict mode every acknowledged write; in coalesced mode every write
// acknowledged before the state of a completed write was taken (what /__mock/health reports), so
// every write older than the flush window (100 ms, or four times the last write) plus the file writes in progress at the kill,
// and the file is a snapshot of one instant (a later write never survives without an earlier one).
import { describe, it, expect, afterEach } from 'vitest'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSandbox, stopAll, type Started } from './spawn-sandbox.js'
import { createClient, runPool } from './http-client.js'
import { STATE_VERSION, type State } from '../src/store/store.js'

const CONNECTIONS = 8
/** How long each cycle's load runs before the kill: just started, then well past the bound below. */
const LOAD_MS = [250, 1500, 2500]
const CYCLES = LOAD_MS.length
const FLUSH_WINDOW_MS = 100
/** Scheduling slack on top of the window and the two file writes (each as long as the longest seen). */
const SLACK_MS = 300

/** `at`: when the answer arrived, on the wall clock the sandbox's health report uses too. */
type Ack = { id: number; name: string; at: number }
type Persisted = { written_state_at: string | null; last_write_ms: number | null }

afterEach(stopAll)

/** Creates customers for `loadMs`, then SIGKILLs the sandbox on the spot, right after an acknowledgement. */
async function loadThenKill(sandbox: Started, db: string, tag: string, loadMs: number) {
  const client = createClient(sandbox.base, { connections: CONNECTIONS })
  const acks: Ack[] = []
  const start = Date.now()
  let killedAt = 0
  let reads = 0
  // What the sandbox says is on disk, polled over its own connection: the newest write's state time, the longest write.
  let writtenAt = 0
  let longestWrite = 0
  const health = createClient(sandbox.base, { connections: 1 })
  const poller = (async () => {
    while (!killedAt) {
      const reply = await health.send('GET', '/__mock/health').catch(() => null)
      const persisted = reply?.body?.persistence as Persisted | undefined
      if (!killedAt && persisted?.written_state_at)
        writtenAt = Math.max(writtenAt, Date.parse(persisted.written_state_at))
      longestWrite = Math.max(longestWrite, persisted?.last_write_ms ?? 0)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  })()
  const exited = new Promise((resolve) => sandbox.child.once('exit', resolve))
  // A reader polling the file meanwhile must only ever see whole JSON.
  const reader = (async () => {
    while (!killedAt) {
      const text = await readFile(db, 'utf8').catch((error: NodeJS.ErrnoException) =>
        error.code === 'ENOENT' ? null : Promise.reject(error),
      )
      if (text !== null) {
        expect(() => JSON.parse(text), `read ${reads} of ${db}`).not.toThrow()
        reads++
      }
    }
  })()
  await runPool(
    Infinity,
    CONNECTIONS,
    async (i) => {
      const name = `${tag}-${i}`
      try {
        const answer = await client.send('POST', '/api/v1/customers', { name })
        expect(answer.status).toBe(201)
        const at = Date.now()
        acks.push({ id: answer.body.id, name, at })
        if (!killedAt && at - start >= loadMs) {
          killedAt = at
          sandbox.child.kill('SIGKILL')
        }
      } catch (error) {
        if (!killedAt) throw error // before the kill, every create must be answered
      }
    },
    () => killedAt > 0,
  )
  await Promise.all([exited, reader, poller])
  client.close()
  health.close()
  return { acks, killedAt, reads, writtenAt, longestWrite }
}

/** The state in the file; null when none was written yet (a fresh sandbox killed before its first flush). */
async function readState(db: string): Promise<State | null> {
  const text = await readFile(db, 'utf8').catch((error: NodeJS.ErrnoException) =>
    error.code === 'ENOENT' ? null : Promise.reject(error),
  )
  if (text === null) return null
  expect(text.length, 'the file is empty').toBeGreaterThan(0)
  const state = JSON.parse(text) as State
  expect(state.version).toBe(STATE_VERSION)
  return state
}

describe.each(['strict', 'coalesced'] as const)(
  'the sandbox killed with SIGKILL under a write load (--durability %s)',
  (durability) => {
    it(`keeps a whole file and the promised writes across ${CYCLES} kill and restart cycles`, async () => {
      const db = join(await mkdtemp(join(tmpdir(), 'crash-')), 'state.json')
      const kept = new Map<number, string>()
      let verified = 0
      for (let cycle = 0; cycle < CYCLES; cycle++) {
        const sandbox = await startSandbox(['--db', db, '--durability', durability])
        const { acks, killedAt, reads, writtenAt, longestWrite } = await loadThenKill(
          sandbox,
          db,
          `crash-${durability}-${cycle}`,
          LOAD_MS[cycle]!,
        )

        const state = await readState(db)
        if (cycle > 0) expect(state, 'the file written in an earlier cycle').not.toBeNull()
        const rows = new Map((state?.tables.customers ?? []).map((c) => [c.id, c.name]))
        for (const [id, name] of kept)
          expect(rows.get(id), `customer ${id} of an earlier cycle`).toBe(name)
        const survived = acks.filter((a) => rows.get(a.id) === a.name)
        const lost = acks.filter((a) => rows.get(a.id) !== a.name)
        if (durability === 'strict') expect(lost.map((a) => a.name)).toEqual([])
        else {
          // Exactly what a completed write holds: every write answered before its state was taken.
          const written = acks.filter((a) => a.at < writtenAt)
          if (LOAD_MS[cycle]! >= 1500)
            expect(written.length, 'writes the sandbox reported on disk').toBeGreaterThan(0)
          expect(
            written.filter((a) => rows.get(a.id) !== a.name).map((a) => a.name),
            'answered before a completed write took its state',
          ).toEqual([])
          // The README's bound: the flush window (at least four times the last write), then at most two
          // file writes, each as long as the longest seen.
          const bound = Math.max(FLUSH_WINDOW_MS, 4 * longestWrite) + 2 * longestWrite + SLACK_MS
          const due = acks.filter((a) => a.at < killedAt - bound)
          expect(
            due.filter((a) => rows.get(a.id) !== a.name).map((a) => a.name),
            `answered more than ${bound} ms before the kill`,
          ).toEqual([])
          // One instant's snapshot: no write survives while an earlier acknowledged one is lost.
          const newest = Math.max(0, ...survived.map((a) => a.id))
          expect(
            lost.filter((a) => a.id < newest).map((a) => a.name),
            'lost while a later write survived',
          ).toEqual([])
        }
        for (const a of survived) kept.set(a.id, a.name)
        verified += survived.length
        console.info(
          `crash (${durability}) cycle ${cycle + 1}: ${acks.length} acknowledged, ${survived.length} on disk, ${lost.length} lost; the file read whole ${reads} times during the load`,
        )
      }

      // The last restart serves what the file holds.
      const sandbox = await startSandbox(['--db', db, '--durability', durability])
      const client = createClient(sandbox.base, { connections: 1 })
      const snapshot = (await client.send('GET', '/__mock/snapshot')).body as State
      client.close()
      const served = new Map(snapshot.tables.customers.map((c) => [c.id, c.name]))
      for (const [id, name] of kept) expect(served.get(id)).toBe(name)
      console.info(
        `crash (${durability}): ${CYCLES} kill/restart cycles, ${verified} acknowledged writes verified on disk and served after restart`,
      )
    }, 120_000)
  },
)
