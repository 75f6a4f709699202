// The CLI as a child process that is expected to stop by itself (a refusal): its exit code and
// what it printed, each stream apart.
import { spawn } from 'node:child_process'
import { CLI } from './spawn-sandbox.js'

export type Finished = { code: number | null; stdout: string; stderr: string }

/** Runs `bluerocktel-mock ...args` to its end (killed after 15 s, which then fails the test's expectations). */
export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<Finished> {
  const child = spawn(process.execPath, [CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: options.env ?? process.env,
    cwd: options.cwd,
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    }),
  )
}

/** The lines a stream held, without the empty last one. */
export const lines = (text: string) => text.split('\n').filter((line) => line !== '')
