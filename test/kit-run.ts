// Runs bluerocktel-conformance as a child process, as a user would, and reads its JSON report.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll } from 'vitest'
import { startSandbox, stopAll, type Started } from './spawn-sandbox.js'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))
export const KIT_BIN = join(ROOT, 'conformance/bin.js')
const children: ChildProcess[] = []

export type KitRun = { code: number | null; output: string; report: any }

/** The environment of a direct run: nothing inherited from an npm that started the tests, nor the kit's own variables. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith('BLUEROCKTEL_') && !k.startsWith('npm_') && k !== 'INIT_CWD',
    ),
  )
  return { ...env, FORCE_COLOR: '0', ...extra }
}

/** `node conformance/bin.js ...args --report <tmp>`: the exit code, the console, and the JSON report (null if none). */
export function runKit(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; report?: boolean } = {},
): Promise<KitRun> {
  const dir = mkdtempSync(join(tmpdir(), 'kit-run-'))
  const reportPath = join(dir, 'report.json')
  const child = spawn(
    process.execPath,
    [KIT_BIN, ...args, ...(options.report === false ? [] : ['--report', reportPath])],
    {
      cwd: options.cwd ?? ROOT,
      env: options.env ?? cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  children.push(child)
  let output = ''
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      let report = null
      try {
        report = JSON.parse(readFileSync(reportPath, 'utf8'))
      } catch {
        // the run wrote no report (bad options, could not run)
      }
      rmSync(dir, { recursive: true, force: true })
      resolve({ code, output: output.replace(/\x1b\[[0-9;]*m/g, ''), report })
    }),
  )
}

/** Ends every kit this module started (by its own handle). */
export const stopKits = () => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
}

/** The (operation, status) pairs of a report's coverage neither exercised nor said to be unreachable. */
export const unexercised = (rows: any[]): string[] =>
  rows.filter((r) => !r.exercised && !r.unreachable).map((r) => `${r.operationId} ${r.status}`)

/** Every failure message of a report, one string each. */
export const failureMessages = (report: any): string[] =>
  (report?.failures ?? []).map((f: any) => `${f.test}: ${f.message}`)

/**
 * A sandbox for a file's kit runs: started before its tests, stopped after them with every kit
 * they started (and whatever `after` stops). Returns the started sandbox (inside a test).
 */
export function sandboxForKits(after: () => void | Promise<void> = () => {}): () => Started {
  let sandbox: Started | undefined
  beforeAll(async () => {
    sandbox = await startSandbox(['--db', ':memory:', '--log', 'none'])
  }, 30_000)
  afterAll(async () => {
    stopKits()
    await after()
    await stopAll()
  })
  return () => sandbox!
}
