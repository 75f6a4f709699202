import { describe, it, expect } from 'vitest'
import { fileURLToPath } from 'node:url'
import { readFile } from 'node:fs/promises'
import { lint, loadConfig } from '@redocly/openapi-core'
import { generate } from './generate.js'
import { seedOperations } from './seed-operations.js'
import { loadDocument } from '../conformance/conforms.js'

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))
const document = loadDocument()
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const
const operations = Object.entries(document.paths as Record<string, any>).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m]).map((m) => ({ method: m.toUpperCase(), path, op: item[m] as any, item })),
)
const normalise = (path: string) => path.replace(/\{[^}]+\}/g, '{}')
const resolve = (node: any): any => (node?.$ref ? resolve(node.$ref.slice(2).split('/').reduce((a: any, k: string) => a[k.replace(/~1/g, '/')], document)) : node)
const paramsOf = (o: (typeof operations)[number]) => [...(o.item.parameters ?? []), ...(o.op.parameters ?? [])].map(resolve)

describe('the OpenAPI document', () => {
  it('lints clean with Redocly (valid OpenAPI 3.1, no warnings)', async () => {
    const config = await loadConfig({ configPath: here('./redocly.yaml') })
    const problems = await lint({ ref: here('./openapi.yaml'), config })
    const report = problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)
    expect(report).toEqual([])
  })

  it('has generated files that are fresh (regenerating changes nothing)', async () => {
    const files = await generate()
    for (const [name, content] of Object.entries(files)) {
      const committed = await readFile(here(`../src/generated/${name}`), 'utf8')
      expect(committed === content, `src/generated/${name} is stale: run npm run generate`).toBe(true)
    }
  })

  it.each(seedOperations)('documents seeds/%s %s %s', (_page, method, path) => {
    const found = operations.some((o) => o.method === method && normalise(o.path) === normalise(path))
    expect(found, `${method} ${path} is missing`).toBe(true)
  })

  it('gives every operation a unique operationId, one declared tag and a summary', () => {
    const tags = new Set((document.tags as { name: string }[]).map((t) => t.name))
    const ids = operations.map((o) => o.op.operationId)
    expect(new Set(ids).size).toBe(ids.length)
    for (const o of operations) {
      expect(o.op.tags?.length, o.op.operationId).toBe(1)
      expect(tags.has(o.op.tags[0]), o.op.operationId).toBe(true)
      expect(o.op.summary, o.op.operationId).toBeTruthy()
    }
  })

  it('answers 401 on every operation behind the bearer token', () => {
    for (const o of operations.filter((o) => (o.op.security ?? document.security).length > 0))
      expect(o.op.responses['401'], `${o.op.operationId} 401`).toBeTruthy()
  })

  it('documents a client error on every operation but the public version probe', () => {
    for (const o of operations.filter((o) => o.op.operationId !== 'getVersion'))
      expect(Object.keys(o.op.responses).some((s) => s.startsWith('4')), o.op.operationId).toBe(true)
  })

  it('answers 404 wherever the path has a parameter', () => {
    for (const o of operations.filter((o) => o.path.includes('{')))
      expect(o.op.responses['404'], `${o.op.operationId} 404`).toBeTruthy()
  })

  it('answers 422 wherever a body or a required query parameter is validated', () => {
    for (const o of operations) {
      const validated = o.op.requestBody || paramsOf(o).some((p: any) => p.in === 'query' && p.required)
      if (validated) expect(o.op.responses['422'], `${o.op.operationId} 422`).toBeTruthy()
    }
  })

  it('answers 400 wherever spatie filters, sorts or includes apply', () => {
    for (const o of operations) {
      const spatie = paramsOf(o).some((p: any) => /^filter\[/.test(p.name) || p.name === 'include')
      if (spatie) expect(o.op.responses['400'], `${o.op.operationId} 400`).toBeTruthy()
    }
  })

  it('uses explicit numeric status codes and JSON bodies only', () => {
    for (const o of operations)
      for (const [status, response] of Object.entries(o.op.responses as Record<string, any>)) {
        expect(status, o.op.operationId).toMatch(/^[1-5]\d\d$/)
        const content = resolve(response).content
        if (content) expect(Object.keys(content), `${o.op.operationId} ${status}`).toEqual(['application/json'])
      }
  })

  it('marks the seven look-ups that seeds/000 deprecates, and no other seeded operation', () => {
    const deprecated = operations.filter((o) => o.op.deprecated).map((o) => o.path)
    expect(deprecated.sort()).toEqual(
      seedOperations.filter(([, , p]) => !p.startsWith('/v1')).map(([, , p]) => p).sort(),
    )
  })
})
