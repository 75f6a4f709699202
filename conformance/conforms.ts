// Validates HTTP answers against the bundled OpenAPI document: the operation is found from the
// method and the URL, then the status, the content type and the body are checked with ajv.
// It knows only src/generated/openapi.json, so it serves the sandbox's tests and the kit alike.
import { readFileSync } from 'node:fs'
import { Ajv2020, type ValidateFunction, type ErrorObject } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { groupSchemaErrors } from './format.js'

type Json = Record<string, any>
export type Operation = { method: string; path: string; operationId: string; operation: Json }
export type Verdict =
  { ok: true; operation: Operation } | { ok: false; operation?: Operation; problems: string[] }

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const

export function loadDocument(
  url = new URL('../src/generated/openapi.json', import.meta.url),
): Json {
  return JSON.parse(readFileSync(url, 'utf8')) as Json
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1')

/** Compiles the document once; `check` then validates one answer. */
export function createConformance(document: Json = loadDocument()) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true })
  addFormats(ajv)
  ajv.addSchema(document, 'openapi.json')
  const basePath = new URL(document.servers?.[0]?.url ?? '/', 'http://x').pathname.replace(
    /\/$/,
    '',
  )
  const routes = Object.entries(document.paths as Json).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({
      method: method.toUpperCase(),
      path,
      operationId: item[method].operationId as string,
      operation: item[method] as Json,
      pattern: new RegExp(
        '^' + path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+') + '$',
      ),
      literal: path.replace(/\{[^}]+\}/g, '').length,
    })),
  )
  // A literal segment beats a template (`/v1/customers/search` before `/v1/customers/{id}`).
  routes.sort((a, b) => b.literal - a.literal)
  const validators = new Map<string, ValidateFunction>()

  const resolve = (node: Json): Json => {
    let current = node
    while (current && typeof current.$ref === 'string') {
      const pointer = current.$ref
        .replace(/^#\//, '')
        .split('/')
        .map((s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      current = pointer.reduce((acc: Json, key: string) => acc?.[key], document)
    }
    return current
  }

  function findOperation(method: string, url: string): Operation | undefined {
    let pathname = new URL(url, 'http://x').pathname
    if (basePath && pathname.startsWith(basePath)) pathname = pathname.slice(basePath.length)
    const route = routes.find((r) => r.method === method.toUpperCase() && r.pattern.test(pathname))
    return (
      route && {
        method: route.method,
        path: route.path,
        operationId: route.operationId,
        operation: route.operation,
      }
    )
  }

  function validatorFor(op: Operation, status: string): ValidateFunction | undefined {
    const key = `${op.method} ${op.path} ${status}`
    let validate = validators.get(key)
    if (!validate) {
      const response = resolve(op.operation.responses[status])
      if (!response?.content?.['application/json']?.schema) return undefined
      const rawResponse = op.operation.responses[status] as Json
      const pointer = rawResponse.$ref
        ? `openapi.json${rawResponse.$ref}/content/application~1json/schema`
        : `openapi.json#/paths/${escapePointer(op.path)}/${op.method.toLowerCase()}/responses/${status}/content/application~1json/schema`
      // Through the document's own root, where ajv keeps each $ref it compiled: a schema of its own
      // (`compile({ $ref })`) compiled the components it reaches again for every answer's schema,
      // twice the time.
      validate = ajv.getSchema(pointer)!
      validators.set(key, validate)
    }
    return validate
  }

  /** Checks one answer: the operation exists, the status is documented, the body validates. */
  function check(answer: {
    method: string
    url: string
    status: number
    contentType?: string | null
    body: unknown
  }): Verdict {
    const operation = findOperation(answer.method, answer.url)
    if (!operation)
      return {
        ok: false,
        problems: [`${answer.method} ${answer.url}: no such operation in the document`],
      }
    const name = `${operation.operationId} (${operation.method} ${operation.path})`
    const status = String(answer.status)
    const response = resolve(operation.operation.responses?.[status])
    if (!response)
      return { ok: false, operation, problems: [`${name}: status ${status} is not documented`] }
    if (!response.content) return { ok: true, operation }
    if (!answer.contentType?.toLowerCase().startsWith('application/json'))
      return {
        ok: false,
        operation,
        problems: [
          `${name} ${status}: content type ${answer.contentType ?? '(none)'} is not application/json`,
        ],
      }
    const validate = validatorFor(operation, status)
    if (!validate || validate(answer.body)) return { ok: true, operation }
    return {
      ok: false,
      operation,
      problems: formatErrors(name, status, validate.errors ?? [], answer.body),
    }
  }

  /** The schema of an operation's answer for a status, if it has a JSON body. */
  function responseSchema(op: Operation, status: number): Json | undefined {
    return resolve(
      resolve(op.operation.responses?.[String(status)])?.content?.['application/json']?.schema,
    )
  }

  return { document, findOperation, check, responseSchema, resolve }
}

function formatErrors(
  name: string,
  status: string,
  errors: ErrorObject[],
  body: unknown,
): string[] {
  return groupSchemaErrors(errors, body).map((line) => `${name} ${status}: ${line}`)
}
