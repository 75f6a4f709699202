// The request collection's operations as the engine serves them, read from the bundled contract:
// each operation marked `x-source: collection` says what it does (`x-action`), on which table and
// Laravel class (`x-table`, `x-model`; the columns are those of the model schema naming that
// table), and how it finds its record, filters or writes (`x-bind`, `x-parent`, `x-where`,
// `x-set`, ...). Nothing here is written per resource.
import { specDocument } from '../../spec-document.js'
import { operationRules } from '../../generated/rules.js'
import type { Rule, Rules } from '../../laravel/validate.js'
import { modelOfTable, type Model } from '../../store/collection-models.js'
import type { Method } from '../../spec.js'

type Json = Record<string, any>
export type Bind =
  | { param: string; column: string }
  | { input: string }
  | { query: readonly string[] }
  | { singleton: true }
export type Parent = {
  /** The parent's key: a path parameter, or an input field. */
  param?: string
  input?: string
  table: string
  model: string
  /** The child's column that holds the parent's `key` (default id). */
  column?: string
  key?: string
}
export type Pivot = { table: string; parent: string; child: string; input: string; related: string }

export type CollectionOperation = {
  id: string
  method: Method
  path: string
  action: string
  table: string
  /** The Laravel class a 404 names. */
  className: string
  /** The model whose columns the records have (absent for the core tables: contacts, invoices). */
  model: Model | undefined
  rules: Rules
  status: number
  array: boolean
  bind?: Bind
  parent?: Parent
  where: Readonly<Record<string, unknown>>
  queryColumns: Readonly<Record<string, string>>
  filters: Readonly<Record<string, string>>
  sorts: readonly string[]
  search?: readonly string[]
  set: Readonly<Record<string, unknown>>
  setFrom: Readonly<Record<string, string>>
  setInput?: string
  upload?: string
  track: boolean
  pivot?: Pivot
  owner?: { table: string; model: string; column: string }
  values?: readonly string[]
  valuesOf?: readonly [string, string]
  valuesTable?: string
  stats?: 'period' | 'year' | 'today' | 'all'
  message?: string
}

const METHODS: readonly Method[] = ['get', 'post', 'put', 'patch', 'delete']
/** Actions whose query parameters filter rather than give input. */
const LISTS = ['index', 'stats', 'members', 'values', 'content']

/**
 * Laravel rules of the operation's query parameters: those it requires, and, where the query is
 * the input (not a list's filters), the others' types and values.
 */
function queryRules(parameters: Json[], input: boolean): Record<string, Rule[]> {
  const rules: Record<string, Rule[]> = {}
  for (const p of parameters) {
    if (p.in !== 'query' || (!p.required && !input) || p.name.includes('[')) continue
    const type: Rule = p.schema?.type === 'integer' ? 'integer' : 'string'
    const values: Rule[] = p.schema?.enum ? [['in', p.schema.enum]] : []
    rules[p.name] = [...(p.required ? ['required' as const] : []), type, ...values]
  }
  return rules
}

const resolve = (node: Json): Json =>
  node?.$ref
    ? node.$ref
        .slice(2)
        .split('/')
        .reduce((at: Json, key: string) => at[key], specDocument as Json)
    : node

function operationOf(path: string, method: Method, op: Json): CollectionOperation {
  const parameters = (op.parameters ?? []).map(resolve)
  const table: string = op['x-table']
  const status = Number(Object.keys(op.responses).find((s) => s.startsWith('2')) ?? 200)
  const fromBody = (operationRules as Record<string, Rules>)[op.operationId] ?? {}
  return {
    id: op.operationId,
    method,
    path,
    action: op['x-action'],
    table,
    className: op['x-model'],
    model: modelOfTable(table),
    rules: { ...queryRules(parameters, !LISTS.includes(op['x-action'])), ...fromBody },
    status,
    array: op['x-array'] === true,
    bind: op['x-bind'],
    parent: op['x-parent'],
    where: op['x-where'] ?? {},
    queryColumns: op['x-query-columns'] ?? {},
    filters: op['x-filters'] ?? {},
    sorts: op['x-sorts'] ?? [],
    search: op['x-search'],
    set: op['x-set'] ?? {},
    setFrom: op['x-set-from'] ?? {},
    setInput: op['x-set-input'],
    upload: op['x-upload'],
    track: op['x-track'] === true,
    pivot: op['x-pivot'],
    owner: op['x-owner'],
    values: op['x-values'],
    valuesOf: op['x-values-of'],
    valuesTable: op['x-values-table'],
    stats: op['x-stats'],
    message: op['x-message'],
  }
}

/**
 * Every operation of the request collection, its routes with literal segments first (Laravel
 * matches `/v1/tickets/search` before `/v1/tickets/{ticket}`, and the router answers the first).
 */
let operations: readonly CollectionOperation[] | undefined
/** The collection's operations, read from the contract once (every app built in a process shares them). */
export const collectionOperations = (): readonly CollectionOperation[] =>
  (operations ??= readOperations())

function readOperations(): CollectionOperation[] {
  const out: CollectionOperation[] = []
  for (const [path, item] of Object.entries(specDocument.paths as Record<string, Json>))
    for (const method of METHODS) {
      const op = item[method]
      if (op?.['x-source'] === 'collection') out.push(operationOf(path, method, op))
    }
  const literal = (path: string) => path.split('/').filter((s) => !s.startsWith('{')).length
  return out.sort((a, b) => literal(b.path) - literal(a.path))
}
