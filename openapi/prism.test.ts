// `prism mock` must serve the contract as it is: a GET of every resource answers a body that
// validates against the document. This keeps the document usable by generic tools. The same Prism
// is the stateless mock the conformance kit must name, and pass against with --contract-only.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createConformance } from '../conformance/conforms.js'
import { freePort, waitForHttp } from '../test/free-port.js'
import { runKit, stopKits } from '../test/kit-run.js'

const conformance = createConformance()
const { document } = conformance
const prismBin = fileURLToPath(new URL('../node_modules/.bin/prism', import.meta.url))
// The hand-written, split document itself.
const source = fileURLToPath(new URL('./openapi.yaml', import.meta.url))

const gets = Object.entries(document.paths as Record<string, any>)
  .filter(([, item]) => item.get)
  .map(([path, item]) => {
    const params = [...(item.parameters ?? []), ...(item.get.parameters ?? [])].map((p: any) =>
      p.$ref
        ? p.$ref
            .slice(2)
            .split('/')
            .reduce((a: any, k: string) => a[k], document)
        : p,
    )
    const sample = (p: any) =>
      String(p.example ?? p.schema?.example ?? p.schema?.examples?.[0] ?? p.schema?.default ?? 1)
    let url = path.replace(/\{([^}]+)\}/g, (_, name) =>
      encodeURIComponent(sample(params.find((p: any) => p.name === name))),
    )
    const query = params.filter((p: any) => p.in === 'query' && p.required)
    if (query.length)
      url +=
        '?' +
        query
          .map((p: any) => `${encodeURIComponent(p.name)}=${encodeURIComponent(sample(p))}`)
          .join('&')
    return [item.get.operationId as string, url] as const
  })

describe('prism mock openapi/openapi.yaml', () => {
  let prism: ChildProcess
  let base: string

  beforeAll(async () => {
    const port = await freePort()
    base = `http://127.0.0.1:${port}`
    prism = spawn(prismBin, ['mock', '-h', '127.0.0.1', '-p', String(port), source], {
      stdio: 'ignore',
    })
    await waitForHttp(base + '/version', 25_000)
  })

  afterAll(() => {
    stopKits()
    prism?.kill()
  })

  it.each(gets)('answers %s (GET %s) with a schema-valid body', async (_id, url) => {
    const res = await fetch(base + url, {
      headers: { Authorization: 'Bearer any', Accept: 'application/json' },
    })
    const body = await res.json()
    expect(res.status).toBe(200)
    const verdict = conformance.check({
      method: 'GET',
      url: '/api' + url,
      status: res.status,
      contentType: res.headers.get('content-type'),
      body,
    })
    expect(verdict.ok ? [] : verdict.problems).toEqual([])
  })

  // The kit runs twice, each over every documented GET: 20 s is too short on a loaded machine.
  it(
    'is named a stateless mock by bluerocktel-conformance, which passes against it with --contract-only',
    { timeout: 90_000 },
    async () => {
      const args = ['--base-url', base, '--token', 'any']
      const plain = await runKit([...args, '--only', 'suppliers'])
      expect(plain.output).toMatch(
        /NOTICE: This looks like a stateless mock \(a made-up token was accepted[^)]*\)[^\n]*Run with --contract-only/,
      )
      const { code, output } = await runKit([...args, '--contract-only'])
      expect(code, output).toBe(0)
    },
  )
})
