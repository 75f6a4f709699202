#!/usr/bin/env node
// bluerocktel-mock: flags and environment (cli-options.ts) -> state, persistence and app -> an HTTP
// server; `bluerocktel-mock proxy ...` is src/proxy/cli.ts's. With cli-options.ts (and the proxy's
// cli.ts and options.ts), the only modules that touch argv, the environment and signals.
import { dirname, join } from 'node:path'
import { tmpdir } from 'node:os'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import type { Server } from 'node:http'
import { answerClientErrors } from './http/client-errors.js'
import { createApp } from './app.js'
import type { Persistence } from './store/persist.js'
import { fixtureUsers } from './store/seed.js'
import { cachedSeedState } from './store/seed-cache.js'
import { makeFolder } from './store/make-folder.js'
import { STATE_VERSION, type State } from './store/store.js'
import { checkState } from './store/check-state.js'
import { DbLocked, lockDb, type DbLock } from './store/db-lock.js'
import { createLogOutput } from './log-output.js'
import { readOptions } from './cli-options.js'
import { listenError, refuse, stopWithWrapper } from './process.js'

async function main() {
  if (process.argv[2] === 'proxy') {
    const { runProxy } = await import('./proxy/cli.js')
    return runProxy(process.argv.slice(3))
  }
  const options = readOptions()
  const say = createLogOutput(options.log)
  process.on('exit', () => say.flush())
  const seedState = (seed: number) =>
    cachedSeedState(seed, {
      adminToken: options.adminToken,
      sizes: { customers: options.customers },
    })
  let state: State | null = null
  let persistence: Persistence<State> | undefined
  let lock: DbLock | undefined
  const db = options.db
  if (db) {
    // The persistence (and lowdb) is loaded only for a sandbox kept in a file.
    const persist = await import('./store/persist.js')
    try {
      makeFolder(dirname(db))
    } catch (error) {
      refuse(`cannot create the folder of ${db}: ${persist.describeWriteError(error)}`)
    }
    lock = await lockDb(db).catch((error: unknown) =>
      refuse(
        error instanceof DbLocked
          ? error.message
          : `cannot write in the folder of ${db}: ${persist.describeWriteError(error)}`,
      ),
    )
    process.on('exit', () => lock?.release())
    state = await persist
      .loadState<State>(db)
      .catch((error: Error) =>
        refuse(`cannot read ${db}: ${error.message}; fix it, or remove it to start from the seed`),
      )
    if (state) {
      if (typeof state.version === 'number' && state.version !== STATE_VERSION)
        refuse(
          `${db} holds state version ${state.version}; this sandbox reads version ${STATE_VERSION}. Remove the file to start afresh.`,
        )
      const problems = Object.values(checkState(state)).flat()
      if (problems.length)
        refuse(
          `${db} is not a sandbox state: ${problems.join(' ')} Fix it, or remove it to start from the seed.`,
        )
    }
    await persist
      .probeWrite(db)
      .catch((error: unknown) => refuse(`cannot write ${db}: ${persist.describeWriteError(error)}`))
    persistence = await persist.createPersistence<State>({
      path: db,
      durability: options.durability,
      snapshot: () => snapshot(),
      written: state ?? undefined,
      report: (message) => say.error(message),
    })
  }
  const fresh = !state
  if (options.fromRecording) {
    if (state)
      refuse(
        `${db} already holds a state: start from the recording ${options.fromRecording} with --db :memory: or a --db file that does not exist yet`,
      )
    const { loadRecording } = await import('./store/from-recording.js')
    try {
      state = loadRecording(options.fromRecording, seedState(options.seed))
    } catch (error) {
      refuse((error as Error).message)
    }
  }
  state ??= seedState(options.seed)
  let snapshot = (): State => state
  const app = createApp({
    state,
    seedState,
    adminToken: options.adminToken,
    persistence,
    dialect: options.dialect,
    latency: options.latency,
    corsOrigins: options.corsOrigins,
    sandboxes: options.sandboxes,
    onRequest: say.request,
    onNotice: (message) => say.info(message),
  })
  snapshot = app.snapshot

  // A new file holds the seed before the sandbox serves: what a strict write that cannot be made durable goes back to.
  if (fresh && persistence) {
    persistence.changed()
    await persistence
      .flush()
      .catch((error: unknown) =>
        refuse(`cannot write ${db}: ${persistence.failure() ?? String(error)}`),
      )
  }

  // Node checks the timeouts below only every connectionsCheckingInterval (30 s by default): every second here.
  const server = serve({
    fetch: app.fetch,
    port: options.port,
    hostname: options.host,
    serverOptions: { connectionsCheckingInterval: 1_000 },
  })
  // From now on a stop writes the state first: a client may be told of a write before the banner is out.
  let closing = false
  const shutdown = async () => {
    if (closing) return
    closing = true
    server.close()
    let code = 0
    try {
      await persistence?.close()
    } catch {
      // Acknowledged writes must not go with the process: they go to a file of their own, and the user is told where.
      const rescue = join(tmpdir(), `bluerocktel-sandbox-${process.pid}-${Date.now()}.json`)
      const saved = await import('./store/persist.js')
        .then((persist) => persist.saveState(rescue, app.snapshot()))
        .then(
          () => true,
          () => false,
        )
      say.error(
        saved
          ? `could not write ${db} before stopping (${persistence?.failure()}); the state is saved in ${rescue} instead: move it over ${db} to keep it`
          : `could not write ${db} before stopping (${persistence?.failure()}), nor a copy in ${tmpdir()}: the changes since ${persistence?.status().written_state_at ?? 'the start'} are lost`,
      )
      code = 1
    }
    lock?.release()
    await say.close()
    process.exit(code)
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.on(signal, () => void shutdown())
  stopWithWrapper(() => void shutdown())
  const port = await new Promise<number>((resolve) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      refuse(listenError(error, options.host, options.port)),
    )
    server.once('listening', () => resolve((server.address() as AddressInfo).port))
  })
  // A slow or stalled client cannot hold a connection: headers within 10 s, the whole request within 30 s.
  Object.assign(server, { headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 5_000 })
  answerClientErrors(server as Server)

  const base = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`
  const users = fixtureUsers()
  const where = `${db ? `db ${db}` : 'in memory'}${options.fromRecording ? `, from the recording ${options.fromRecording}` : ''}`
  say.info(
    `BlueRockTEL sandbox listening on ${base}/api (seed ${state.seed}, ${where}, ${options.dialect} dialect)`,
    {
      base_url: `${base}/api`,
      seed: state.seed,
      db,
      dialect: options.dialect,
      tokens: users.map((u) => ({ token: u.token, email: u.email, role: u.role })),
    },
  )
  if (options.log !== 'json') {
    say.info(`Bearer tokens:\n  ${options.adminToken}  (admin, control API)`)
    for (const user of users.slice(1))
      say.info(`  ${user.token}  (${user.email}, role ${user.role})`)
    say.info(
      `Log in: POST ${base}/api/login with email and password (admin@example.com / admin-password)`,
    )
    say.info(`Docs: ${base}/docs   Spec: ${base}/openapi.json   Health: ${base}/__mock/health`)
  }
}

await main()
