// The request log's way out of a process that exits at once (`process.on('exit')`, a refusal): its
// synchronous flush must leave every line on stdout before it returns, the lines the log had not
// yet handed to its writer included. The child is killed with SIGKILL right after the flush: a
// line whose write was only queued on the thread pool is lost, and the first test keeps the pool
// busy so that such a write could not have run by then.
import { spawn } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const LOG_OUTPUT = fileURLToPath(new URL('../dist/log-output.js', import.meta.url))
const scratch = mkdtempSync(join(tmpdir(), 'bluerocktel-log-output-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** Runs `body` in a child whose stdout is a file; answers the file's text once the child is gone. */
async function stdoutOf(format: string, body: string): Promise<string> {
  const file = join(scratch, `${format}-${Date.now()}.log`)
  const fd = openSync(file, 'w')
  const script = `
    const { createLogOutput } = await import(${JSON.stringify(LOG_OUTPUT)})
    const out = createLogOutput(${JSON.stringify(format)})
    const entry = (id) => ({ id, time: Date.now(), method: 'GET', path: '/api/v1/customers/' + id, query: '', status: 200, duration_ms: 0.4, user: 'admin@example.com', sandbox: null })
    ${body}
    out.flush()
    process.kill(process.pid, 'SIGKILL')
  `
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', fd, 'inherit'],
  })
  closeSync(fd)
  await new Promise((resolve) => child.once('exit', resolve))
  return readFileSync(file, 'utf8')
}

describe.each(['pretty', 'json'])('the %s log flushed on the way out', (format) => {
  it('holds the last lines, gathered and not yet handed over, when flush() returns', async () => {
    const text = await stdoutOf(
      format,
      // Every thread of the pool (4) busy for seconds: an asynchronous write would wait behind them.
      `const { pbkdf2 } = await import('node:crypto')
       for (let i = 0; i < 4; i++) pbkdf2('busy', 'pool', 50_000_000, 32, 'sha256', () => {})
       for (let id = 1; id <= 3; id++) out.request(entry(id))`,
    )
    const lines = text.split('\n').filter(Boolean)
    expect(lines, `stdout after flush() and SIGKILL:\n${text}`).toHaveLength(3)
    for (const id of [1, 2, 3]) expect(text).toContain(`/api/v1/customers/${id}`)
  })

  it('holds a notice and the lines after it, in order, after batches already written', async () => {
    const text = await stdoutOf(
      format,
      // Some 300 lines (batches handed over on the way), a notice, then lines it gathers.
      `for (let id = 1; id <= 300; id++) out.request(entry(id))
       await new Promise((resolve) => setTimeout(resolve, 200))
       out.info('the notice')
       for (let id = 301; id <= 305; id++) out.request(entry(id))`,
    )
    const lines = text.split('\n').filter(Boolean)
    const tail = `the last lines on stdout:\n${lines.slice(-8).join('\n')}`
    expect(lines, tail).toHaveLength(306)
    const at = (needle: string) => lines.findIndex((line) => line.includes(needle))
    expect(at('the notice'), `the notice's line, 301st expected; ${tail}`).toBe(300)
    expect(at('/api/v1/customers/305'), `request 305's line, last expected; ${tail}`).toBe(305)
  })
})
