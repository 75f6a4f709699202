// Starts the CLI as a child process on a free loopback port, for tests that need real HTTP.
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { freePort, waitForHttp } from './free-port.js'

/**
 * The CLI as `npm test` built it (dist/, as users run it; the global setup builds it again when a
 * source is newer): half the start-up of running src/ through tsx, at every one of the suite's spawns.
 */
export const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url))
const children: ChildProcess[] = []

export type Started = { child: ChildProcess; port: number; base: string; output: () => string }

/** `bluerocktel-mock --port <free> ...args`, resolved once /__mock/health answers. */
export async function startSandbox(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<Started> {
  const port = await freePort()
  const child = spawn(process.execPath, [CLI, '--port', String(port), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  })
  children.push(child)
  let output = ''
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  const base = `http://127.0.0.1:${port}`
  await waitForHttp(`${base}/__mock/health`)
  return { child, port, base, output: () => output }
}

/**
 * Signals the child and waits for it to exit, then for its output pipes to drain (what it wrote
 * last can arrive after 'exit'); bounded, as a grandchild may hold the pipes open.
 */
export const stopChild = (child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') =>
  new Promise<void>((resolve) => {
    const drained = () => {
      if ([child.stdout, child.stderr].every((pipe) => !pipe || pipe.destroyed)) return resolve()
      const timer = setTimeout(resolve, 1_000)
      child.once('close', () => {
        clearTimeout(timer)
        resolve()
      })
    }
    if (child.exitCode !== null || child.signalCode !== null) return drained()
    child.once('exit', drained)
    child.kill(signal)
  })

/** Ends every child this module started (by its own handle, so by PID). */
export const stopAll = () => Promise.all(children.splice(0).map((c) => stopChild(c, 'SIGKILL')))
