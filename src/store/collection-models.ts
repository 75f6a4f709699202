// The models of the request collection's resources, read from the bundled contract: each one's
// table (`x-table`), Laravel class (`x-model`) and columns with what their schema says (type,
// format, values, default). The seed and the generic resource engine both read them from here.
import { specDocument } from '../spec-document.js'

type Json = Record<string, any>
export type Column = {
  name: string
  types: readonly string[]
  format?: string
  pattern?: string
  enum?: readonly unknown[]
  default?: unknown
  minimum?: number
  maximum?: number
  maxLength?: number
  items?: string
  readOnly: boolean
  /** What the sandbox makes for it on create (`x-generated`): `token`, a random key. */
  generated?: string
}
export type Model = { schema: string; table: string; model: string; columns: readonly Column[] }

const document = specDocument as unknown as { components: { schemas: Record<string, Json> } }
const SCHEMAS = '#/components/schemas/'

/** A schema's properties through `$ref` and `allOf`, in their order (the first part's first). */
export function propertiesOf(name: string): Record<string, Json> {
  const walk = (node: Json): Record<string, Json> => {
    const own: Json = node.$ref
      ? document.components.schemas[node.$ref.slice(SCHEMAS.length)]!
      : node
    return Object.assign(
      {},
      ...(own.allOf ?? []).map((part: Json) => walk(part)),
      own.properties ?? {},
    )
  }
  return walk({ $ref: SCHEMAS + name })
}

const columnOf = (name: string, schema: Json): Column => ({
  name,
  types: Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [],
  format: schema.format,
  pattern: schema.pattern,
  enum: schema.enum,
  default: schema.default,
  minimum: schema.minimum,
  maximum: schema.maximum,
  maxLength: schema.maxLength,
  items: schema.items?.type,
  readOnly: schema.readOnly === true,
  generated: schema['x-generated'],
})

let models: Map<string, Model> | undefined
/** Every model that names its table, by schema name; read once. */
export function collectionModels(): ReadonlyMap<string, Model> {
  if (!models) {
    models = new Map()
    for (const [schema, node] of Object.entries(document.components.schemas)) {
      if (typeof node['x-table'] !== 'string') continue
      const columns = Object.entries(propertiesOf(schema)).map(([name, s]) => columnOf(name, s))
      models.set(schema, { schema, table: node['x-table'], model: node['x-model'], columns })
    }
  }
  return models
}

/** The model whose table is `table`. */
export function modelOfTable(table: string): Model | undefined {
  for (const model of collectionModels().values()) if (model.table === table) return model
  return undefined
}

/** What a new row holds for a column no input gave: its default, else null. */
export function defaultsOf(model: Model): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const column of model.columns)
    if (column.name !== 'id') out[column.name] = column.default ?? null
  return out
}
