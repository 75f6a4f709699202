// Laravel validation rules and model defaults, read from the request schemas of the bundled
// document, so that what the contract says about a field (its type, whether it is required, its
// length, range, format and values) is written once. What no schema can say (unique, exists,
// cross-field rules) stays in the resources.
import type { OpenAPI3 } from 'openapi-typescript'

type Json = Record<string, any>
/** A rule as data: Laravel's name, with its parameter for the ones that take one. */
type RuleSpec = string | [string, unknown]

const SCHEMAS = '#/components/schemas/'
/** The request schemas of a model: `XCreate` (allOf `XUpdate` plus what a create requires) and `XUpdate`. */
const MODEL_SCHEMA = /^(\w+?)(Create|Update)$/

/** The schema `node` points at, with its `allOf` parts merged in order (Create is Update plus `required`). */
function flatten(
  document: Json,
  node: Json,
): { properties: Record<string, Json>; required: string[] } {
  const own: Json = node.$ref ? document.components.schemas[node.$ref.slice(SCHEMAS.length)] : node
  const parts = [
    ...(own.allOf ?? []).map((part: Json) => flatten(document, part)),
    { properties: own.properties ?? {}, required: own.required ?? [] },
  ]
  return {
    properties: Object.assign({}, ...parts.map((p) => p.properties)),
    required: [...new Set(parts.flatMap((p) => p.required))],
  }
}

const typesOf = (schema: Json): string[] =>
  Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []

/**
 * A property's rules, in the order Laravel checks them (each field reports its first failure): its
 * type, its format, its range or length, its pattern, its values. A property without a type accepts
 * anything and has no rules.
 */
function rulesOf(schema: Json): RuleSpec[] {
  const types = typesOf(schema)
  const rules: RuleSpec[] = []
  // A [number, string] property is a decimal a client may send either way: Laravel's `numeric`.
  if (types.includes('integer')) rules.push('integer')
  else if (types.includes('number')) rules.push('numeric')
  else if (types.includes('boolean')) rules.push('boolean')
  else if (types.includes('array') || types.includes('object')) rules.push('array')
  // A date is any string Laravel's `date` reads (`string` would only change its message).
  else if (types.includes('string') && schema.format === 'date') rules.push('date')
  else if (types.includes('string')) rules.push('string')
  else return []
  if (schema.format === 'email') rules.push('email')
  if (schema.exclusiveMinimum !== undefined) rules.push(['gt', schema.exclusiveMinimum])
  if (schema.minimum !== undefined) rules.push(['min', schema.minimum])
  if (schema.maximum !== undefined) rules.push(['max', schema.maximum])
  if (schema.maxLength !== undefined) rules.push(['max', schema.maxLength])
  if (schema.pattern !== undefined) rules.push(['regex', schema.pattern])
  if (schema.enum !== undefined) rules.push(['in', schema.enum])
  return rules
}

/**
 * The name of an operation's request schema: its JSON body's, else its form's (a multipart body
 * whose file parts no rule reads).
 */
function requestSchemaOf(operation: Json): string | undefined {
  const content = operation?.requestBody?.content
  const ref: unknown =
    content?.['application/json']?.schema?.$ref ?? content?.['multipart/form-data']?.schema?.$ref
  return typeof ref === 'string' && ref.startsWith(SCHEMAS) ? ref.slice(SCHEMAS.length) : undefined
}

/** The tables of the models that name one (`x-table`): the request collection's, served from the contract. */
function collectionTables(document: Json): string[] {
  const tables = Object.values<Json>(document.components.schemas)
    .map((schema) => schema['x-table'])
    .filter((table): table is string => typeof table === 'string')
  return [...new Set(tables)]
}

/**
 * Each create and update operation's rules, keyed by operationId. An update validates with the
 * create's rules under `sometimes`, as Laravel models share their rules(): a field the create
 * requires may be left out, but one that is sent cannot be emptied.
 */
function operationRules(document: Json) {
  const out: Record<string, { schema: string; rules: Record<string, RuleSpec[]> }> = {}
  for (const item of Object.values<Json>(document.paths))
    for (const operation of Object.values<Json>(item)) {
      const name = requestSchemaOf(operation)
      if (!name) continue
      const ref = SCHEMAS + name
      const [, model, kind] = MODEL_SCHEMA.exec(name) ?? []
      const { properties, required: own } = flatten(document, { $ref: ref })
      const create =
        model &&
        document.components.schemas[`${model}Create`] &&
        flatten(document, { $ref: `${SCHEMAS}${model}Create` })
      // A body that is no model's (an action's) requires what it says it requires.
      const required = model ? (create ? create.required : []) : own
      const rules: Record<string, RuleSpec[]> = {}
      for (const [field, schema] of Object.entries(properties)) {
        const own = rulesOf(schema)
        if (!own.length) continue
        const presence: RuleSpec[] = !required.includes(field)
          ? []
          : kind !== 'Update'
            ? ['required']
            : ['sometimes', 'required']
        rules[field] = [...presence, ...own]
      }
      out[operation.operationId] = { schema: name, rules }
    }
  return out
}

/**
 * Each model's defaults, from its `XUpdate` schema: the `default` given, else null for a nullable
 * property; in the order of the model's own schema `X` (its columns' order), which an update schema
 * need not keep (it lists its fields in their rules' order).
 */
function modelDefaults(document: Json) {
  const out: Record<string, Record<string, unknown>> = {}
  for (const name of Object.keys(document.components.schemas)) {
    const [, model, kind] = MODEL_SCHEMA.exec(name) ?? []
    if (!model || kind !== 'Update') continue
    const writable = flatten(document, { $ref: SCHEMAS + name }).properties
    const columns = Object.keys(document.components.schemas[model]?.properties ?? {})
    const fields = [
      ...columns.filter((field) => field in writable),
      ...Object.keys(writable).filter((field) => !columns.includes(field)),
    ]
    const defaults: Record<string, unknown> = {}
    for (const field of fields) {
      const schema = writable[field]!
      if (schema.default !== undefined) defaults[field] = schema.default
      else if (typesOf(schema).includes('null')) defaults[field] = null
    }
    out[model] = defaults
  }
  return out
}

const literal = (value: unknown) => JSON.stringify(value)

/** The TypeScript module of the rules and defaults (src/generated/rules.ts). */
export function deriveRules(document: OpenAPI3, header: string): string {
  const operations = operationRules(document as Json)
  const defaults = modelDefaults(document as Json)
  const lines = [
    header.trimEnd(),
    "import type { components } from './openapi.js'",
    "import type { Rules } from '../laravel/validate.js'",
    '',
    "type Schemas = components['schemas']",
    '',
    '/** What validate() answers for each create and update operation: its request schema. */',
    'export type OperationInput = {',
    ...Object.entries(operations).map(([id, { schema }]) => `  ${id}: Schemas['${schema}']`),
    '}',
    '',
    '/** Laravel rules of each create and update operation, by operationId. */',
    'export const operationRules: { readonly [Op in keyof OperationInput]: Rules<OperationInput[Op]> } = {',
    ...Object.entries(operations).map(([id, { rules }]) =>
      [
        `  ${id}: {`,
        ...Object.entries(rules).map(([field, specs]) => `    ${field}: ${literal(specs)},`),
        '  },',
      ].join('\n'),
    ),
    '}',
    '',
    '/** The tables of the models served from the contract alone (`x-table`). */',
    `export const collectionTables = ${literal(collectionTables(document as Json))} as const`,
    '',
    "/** Each model's defaults: what a new row holds for a field the request leaves out. */",
    'export const modelDefaults = {',
    ...Object.entries(defaults).map(([model, values]) => `  ${model}: ${literal(values)},`),
    '} as const',
    '',
  ]
  return lines.join('\n')
}
