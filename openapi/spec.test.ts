import { describe, it, expect } from 'vitest'
import { fileURLToPath } from 'node:url'
import { readFile } from 'node:fs/promises'
import { readdirSync, readFileSync } from 'node:fs'
import { lint, loadConfig } from '@redocly/openapi-core'
import { generate } from './generate.js'
import { seedOperations } from './seed-operations.js'
import { seedBodyFields, seedParameters } from './seed-fields.js'
import { loadDocument } from '../conformance/conforms.js'

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))
const document = loadDocument()
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const
const operations = Object.entries(document.paths as Record<string, any>).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m]).map((m) => ({
    method: m.toUpperCase(),
    path,
    op: item[m] as any,
    item,
  })),
)
const normalise = (path: string) => path.replace(/\{[^}]+\}/g, '{}')
const resolve = (node: any): any =>
  node?.$ref
    ? resolve(
        node.$ref
          .slice(2)
          .split('/')
          .reduce((a: any, k: string) => a[k.replace(/~1/g, '/')], document),
      )
    : node
const paramsOf = (o: (typeof operations)[number]) =>
  [...(o.item.parameters ?? []), ...(o.op.parameters ?? [])].map(resolve)
const operationAt = (method: string, path: string) =>
  operations.find((o) => o.method === method && normalise(o.path) === normalise(path))

/** A schema's properties and required names, through $ref and allOf. */
function flatten(node: any): { properties: Record<string, any>; required: string[] } {
  const schema = resolve(node)
  const parts = [schema, ...(schema.allOf ?? []).map(flatten)]
  return {
    properties: Object.assign({}, ...parts.map((p: any) => p.properties ?? {})),
    required: parts.flatMap((p: any) => p.required ?? []),
  }
}
const typesOf = (schema: any): string[] =>
  [schema.type ?? [], ...(schema.oneOf ?? schema.anyOf ?? []).map(typesOf)].flat()

/** Whether a property's schema has the type a page names. Answers carry decimals as strings; requests also take numbers. */
function hasSeedType(schema: any, seedType: string): boolean {
  const types = typesOf(schema)
  const decimal = types.includes('string') && typeof schema.pattern === 'string'
  switch (seedType) {
    case 'integer':
      return types.includes('integer')
    case 'string':
    case 'text':
      return types.includes('string')
    case 'boolean':
      return types.includes('boolean')
    case 'datetime':
      return types.includes('string') && schema.format === 'date-time'
    case 'date':
      return types.includes('string') && schema.format === 'date'
    case 'decimal':
    case 'numeric':
      return decimal || types.includes('number')
    case 'array':
      return types.includes('array')
    default:
      throw new Error(`unknown type ${seedType}`)
  }
}

const seed = (page: string) =>
  readFileSync(
    here(`./seeds/${readdirSync(here('./seeds')).find((f) => f.startsWith(`${page}_`))}`),
    'utf8',
  )
/** The rows of a page's "Model Properties" tables between two markers: name, type, and the Required column ('' in the read-only table). */
function modelRows(page: string, from: string, to: string) {
  const text = seed(page)
  const start = text.indexOf(from)
  const lines = text.slice(start, text.indexOf(to, start + from.length)).split('\n')
  return lines.flatMap((line, i) => {
    const name = /^([a-z][a-z0-9_]*) \|$/.exec(line)?.[1]
    const cells = (lines[i + 1] ?? '').split('|').map((c) => c.trim())
    return name ? [{ name, type: cells[0]!, required: cells.length > 3 ? cells[1]! : '' }] : []
  })
}
/** [page, model, create schema, first line of its table, first line after it] */
const MODEL_TABLES = [
  ['000', 'Customer', 'CustomerCreate', 'Model Properties', 'GET /v1/customers\n'],
  ['003', 'CustomerService', null, 'Customer Service (Catalog)', 'Customer-Service Assignment'],
  ['004', 'Item', 'ItemCreate', 'Item\n|', 'Family\n|'],
  ['004', 'Family', 'FamilyCreate', 'Family\n|', 'Subfamily\n|'],
  ['004', 'Subfamily', 'SubfamilyCreate', 'Subfamily\n|', 'Bundle\nA bundle'],
  ['004', 'Bundle', 'BundleCreate', 'Bundle\nA bundle', 'Bundle Initial Item ('],
  [
    '004',
    'BundleInitialItem',
    'BundleInitialItemCreate',
    'Bundle Initial Item (',
    'Items\nBase URL',
  ],
] as const
const modelProperties = MODEL_TABLES.flatMap(([page, model, create, from, to]) =>
  modelRows(page, from, to).map(
    (row) => [page, model, row.name, row.type, row.required, create] as const,
  ),
)

describe('the OpenAPI document', () => {
  it('lints clean with Redocly (valid OpenAPI 3.1, no warnings)', async () => {
    const config = await loadConfig({ configPath: here('./redocly.yaml') })
    const problems = await lint({ ref: here('./openapi.yaml'), config })
    const report = problems.map(
      (p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`,
    )
    expect(report).toEqual([])
  })

  it('has generated files that are fresh (regenerating changes nothing): the bundles, the types, the rules and defaults', async () => {
    const files = await generate()
    expect(Object.keys(files).sort()).toEqual([
      'openapi.d.ts',
      'openapi.json',
      'openapi.legacy.json',
      'rules.ts',
    ])
    for (const [name, content] of Object.entries(files)) {
      const committed = await readFile(here(`../src/generated/${name}`), 'utf8')
      expect(committed === content, `src/generated/${name} is stale: run npm run generate`).toBe(
        true,
      )
    }
  })

  it.each(seedOperations)('documents seeds/%s %s %s', (_page, method, path) => {
    const found = operations.some(
      (o) => o.method === method && normalise(o.path) === normalise(path),
    )
    expect(found, `${method} ${path} is missing`).toBe(true)
  })

  it.each(seedParameters)(
    'declares seeds/%s %s %s %s parameter %s',
    (_page, method, path, where, name) => {
      const operation = operationAt(method, path)
      expect(operation, `${method} ${path}`).toBeTruthy()
      const names = paramsOf(operation!)
        .filter((p: any) => p.in === where)
        .map((p: any) => (where === 'path' ? '{}' : p.name))
      expect(names, `${method} ${path}`).toContain(where === 'path' ? '{}' : name)
    },
  )

  it("reads every row of the seeds' model tables", () => {
    expect(modelProperties.length).toBe(40 + 5 + 7 + 34 + 4 + 5 + 6 + 6)
  })

  it.each(modelProperties)(
    'declares seeds/%s %s.%s as %s (required: %s)',
    (_page, model, name, type, required, create) => {
      const { properties, required: answered } = flatten({ $ref: `#/components/schemas/${model}` })
      const property = properties[name]
      expect(property, `${model}.${name}`).toBeTruthy()
      expect(hasSeedType(property, type), `${model}.${name}: ${JSON.stringify(property)}`).toBe(
        true,
      )
      // Every column is in every answer (DESIGN §3).
      expect(answered).toContain(name)
      if (required === '' || (required === 'auto' && name !== 'customer_account'))
        expect(property.readOnly, `${model}.${name} is read-only`).toBe(true)
      // seeds/001: customerAccount is "automatically created if not provided", so it can be given.
      if (name === 'customer_account') expect(property.readOnly).toBeFalsy()
      if (create && required !== '' && required !== 'auto')
        expect(
          flatten({ $ref: `#/components/schemas/${create}` }).required.includes(name),
          `${create} requires ${name}`,
        ).toBe(required.startsWith('Yes'))
    },
  )

  it.each(seedBodyFields)(
    'takes seeds/%s %s %s body field %s (%s, required: %s)',
    (_page, method, path, field, type, required) => {
      const operation = operationAt(method, path)
      const body = flatten(operation!.op.requestBody.content['application/json'].schema)
      expect(body.properties[field], `${method} ${path} ${field}`).toBeTruthy()
      expect(
        hasSeedType(body.properties[field], type),
        `${field}: ${JSON.stringify(body.properties[field])}`,
      ).toBe(true)
      expect(body.required.includes(field), `${field} required`).toBe(required)
    },
  )

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
      expect(
        Object.keys(o.op.responses).some((s) => s.startsWith('4')),
        o.op.operationId,
      ).toBe(true)
  })

  it('answers 404 wherever the path has a parameter', () => {
    for (const o of operations.filter((o) => o.path.includes('{')))
      expect(o.op.responses['404'], `${o.op.operationId} 404`).toBeTruthy()
  })

  it('answers 422 wherever a body or a required query parameter is validated', () => {
    for (const o of operations) {
      const validated =
        o.op.requestBody || paramsOf(o).some((p: any) => p.in === 'query' && p.required)
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
        if (content)
          expect(Object.keys(content), `${o.op.operationId} ${status}`).toEqual([
            'application/json',
          ])
      }
  })

  it('marks the seven look-ups that seeds/000 deprecates, and no other seeded operation', () => {
    const deprecated = operations.filter((o) => o.op.deprecated).map((o) => o.path)
    expect(deprecated.sort()).toEqual(
      seedOperations
        .filter(([, , p]) => !p.startsWith('/v1'))
        .map(([, , p]) => p)
        .sort(),
    )
  })
})
