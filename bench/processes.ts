// The servers under test as child processes: each on a free loopback port, timed from spawn to its
// first 200, measured for peak memory, and ended through its own handle.
import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'

export type Server = { child: ChildProcess; base: string; startupMs: number; output: () => string }
export type Command = {
  file: string
  args: (port: number) => string[]
  /** A file that takes the server's stdout, as a shell's `> file` would; else this process reads it. */
  stdout?: string
}
export type Probe = { path: string; headers?: Record<string, string> }

/** Every child still running, so that a failed or interrupted run leaves none behind. */
const live = new Set<ChildProcess>()

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      )
    })
  })
}

/** Spawns `command` and resolves once `probe` answers 200, with the time that took. */
export async function start(command: Command, probe: Probe, timeoutMs: number): Promise<Server> {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const spawned = performance.now()
  const file = command.stdout === undefined ? undefined : openSync(command.stdout, 'w')
  const child = spawn(command.file, command.args(port), {
    stdio: ['ignore', file ?? 'pipe', 'pipe'],
  })
  if (file !== undefined) closeSync(file) // the child has its own copy
  live.add(child)
  child.once('exit', () => live.delete(child))
  let output = ''
  child.stdout?.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  const deadline = spawned + timeoutMs
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${command.file} exited with ${child.exitCode}:\n${output}`)
    const status = await fetch(base + probe.path, {
      headers: probe.headers,
      signal: AbortSignal.timeout(1000),
    }).then(
      async (res) => (await res.arrayBuffer(), res.status),
      () => 0,
    )
    if (status === 200)
      return { child, base, startupMs: performance.now() - spawned, output: () => output }
    if (performance.now() > deadline) {
      await stop(child)
      throw new Error(
        `${base}${probe.path} did not answer 200 within ${timeoutMs} ms (last status ${status}):\n${output}`,
      )
    }
    // Short polls: the start-up figure is only as precise as this interval.
    await new Promise((r) => setTimeout(r, 5))
  }
}

/** The child's peak resident set (VmHWM), in MB; Linux only, null elsewhere. */
export function peakRssMb(child: ChildProcess): number | null {
  try {
    const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]
    return kb ? Number(kb) / 1024 : null
  } catch {
    return null
  }
}

/**
 * The CPU time the child has used so far (user and system, all its threads), in seconds; Linux
 * only, null elsewhere. /proc counts it in USER_HZ ticks, 100 a second on every Linux build.
 */
export function cpuSeconds(child: ChildProcess): number | null {
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return null
  }
}

/** Ends the child (SIGTERM, then SIGKILL after `graceMs`) and resolves once it has exited. */
export function stop(child: ChildProcess, graceMs = 3000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs)
    child.once('exit', () => {
      clearTimeout(kill)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

export const stopAll = () => Promise.all([...live].map((child) => stop(child)))
