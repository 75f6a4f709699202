// The conformance kit against Prism's mock of the contract: named a stateless mock, and green with
// --contract-only.
import { describe, it, expect, afterAll } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { freePort, waitForHttp } from './free-port.js'
import { runKit, stopKits } from './kit-run.js'

const prisms: ChildProcess[] = []
afterAll(() => {
  stopKits()
  for (const child of prisms)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
})

// Prism takes up to 25 s to start on a loaded machine, and the kit runs twice.
describe('bluerocktel-conformance against a stateless mock', { timeout: 90_000 }, () => {
  it('against prism mock of the contract: names it a stateless mock, and passes with --contract-only', async () => {
    const port = await freePort()
    const prism = spawn(
      fileURLToPath(new URL('../node_modules/.bin/prism', import.meta.url)),
      ['mock', '-h', '127.0.0.1', '-p', String(port), 'src/generated/openapi.json'],
      { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: 'ignore' },
    )
    prisms.push(prism)
    await waitForHttp(`http://127.0.0.1:${port}/version`, 25_000)
    const base = ['--base-url', `http://127.0.0.1:${port}`, '--token', 'any']
    const plain = await runKit([...base, '--only', 'suppliers'])
    expect(plain.output).toMatch(
      /NOTICE: This looks like a stateless mock \(a made-up token was accepted[^)]*\)[^\n]*Run with --contract-only/,
    )
    const { code, output } = await runKit([...base, '--contract-only'])
    expect(code, output).toBe(0)
  })
})
