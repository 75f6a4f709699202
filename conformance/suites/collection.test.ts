// The vendor's request collection's resources (x-source collection in the contract): not in the
// five documentation pages, so these checks run only with --beyond-docs and are reported apart.
// The contract says, for each operation, which Laravel resource action it is (`x-action`: index,
// show, store, update, destroy) on which table (`x-table`) and model (`x-model`); the checks are
// those of a Laravel resource controller, driven by that, so every resource of the collection is
// checked the same way: the list is a paginator, a listed record shows, an unknown id is the
// model's 404, and in the full profile a record made from a listed one's fields reads back, updates
// and deletes. The other operations the collection calls (custom actions) are checked against the
// contract where they take no parameter.
import { it, afterAll } from 'vitest'
import { loadDocument } from '../conforms.js'
import {
  kit,
  verify,
  describeBeyondDocs,
  describeWrites,
  prerequisite,
  setup,
  Unavailable,
  UNKNOWN_ID,
} from '../suite.js'
import { checkPage } from '../paginator.js'
import { checkDelete, checkUpdate } from '../writes.js'
import { resourceName } from '../config.js'

const DOC =
  "the vendor's request collection and Laravel's resource conventions (x-source collection)"
const document = loadDocument() as any

type Operation = {
  method: string
  path: string
  operationId: string
  action?: string
  table?: string
  model?: string
  resource: string
  required: boolean
  schema?: any
  sorts: string[]
}

const resolve = (node: any): any => {
  if (!node?.$ref) return node
  return resolve(
    node.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce((at: any, key: string) => at[key], document),
  )
}
/** A request schema's properties and required names, through allOf. */
function fieldsOf(schema: any): { properties: Record<string, any>; required: string[] } {
  const resolved = resolve(schema) ?? {}
  const parts = [resolved, ...(resolved.allOf ?? []).map(fieldsOf)]
  return {
    properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})),
    required: parts.flatMap((p) => p.required ?? []),
  }
}

const operations: Operation[] = Object.entries(document.paths as Record<string, any>).flatMap(
  ([path, item]) =>
    ['get', 'post', 'put', 'delete']
      .filter((m) => item[m]?.['x-source'] === 'collection')
      .map((m) => {
        const op = item[m]
        const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(resolve)
        return {
          method: m.toUpperCase(),
          path,
          operationId: op.operationId,
          action: op['x-action'],
          table: op['x-table'],
          model: op['x-model'],
          resource: resourceName(op.tags[0]),
          required: parameters.some((p: any) => p.required && p.in === 'query'),
          schema: op.requestBody?.content?.['application/json']?.schema,
          sorts: op['x-sorts'] ?? [],
        }
      }),
)

/** The Laravel resources: each table's actions, where the collection has an index and a show. */
const resources = [...new Set(operations.map((o) => o.table).filter(Boolean))]
  .map((table) => {
    const of = (action: string) =>
      operations.find((o) => o.table === table && o.action === action && !o.required)
    return {
      table: table!,
      index: of('index'),
      show: of('show'),
      store: of('store'),
      update: of('update'),
      destroy: of('destroy'),
    }
  })
  .filter((r) => r.index && r.show && /^[^{}]*\/\{[^}]+\}$/.test(r.show.path))
const names = [...new Set(resources.map((r) => r.index!.resource))]
/** The other GETs that take no parameter: checked against the contract. */
const plainGets = operations.filter(
  (o) =>
    o.method === 'GET' &&
    !o.path.includes('{') &&
    !o.required &&
    !resources.some((r) => r.index === o),
)

const idPath = (show: Operation, id: unknown) => show.path.replace(/\{[^}]+\}$/, String(id))
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
/** Laravel's ModelNotFoundException text, the model in `App\` or `App\Models\`. */
const notFound = (model: string, id: number) =>
  new RegExp(
    `^No query results for model \\[${escape(model).replace(/^App\\\\/, 'App\\\\(Models\\\\)?')}\\] ${id}$`,
  )

/** The first page of each resource's list, read once. */
const firstPages = new Map<string, () => Promise<any>>(
  resources.map((r) => [
    r.table,
    prerequisite(r.index!.resource, `GET ${r.index!.path}`, async () => {
      const page = await kit.get(r.index!.path)
      verify(page, DOC).status(200)
      return page
    }),
  ]),
)

describeBeyondDocs(names, 'resources of the request collection', () => {
  it.each(resources.map((r) => [r.index!.path, r] as const))(
    'GET %s is a Laravel paginator; a listed record shows; an unknown id is the model’s 404',
    async (_path, r) => {
      const page = await firstPages.get(r.table)!()
      checkPage(kit, page, null, 1)
      const row = page.body.data[0]
      if (row) {
        const shown = await kit.get(idPath(r.show!, row.id))
        verify(shown, `${DOC}: show`).status(200)
        verify(shown, `${DOC}: show answers the listed record`).equal('id', shown.body.id, row.id)
      }
      const missing = await kit.get(idPath(r.show!, UNKNOWN_ID))
      const v = verify(missing, `${DOC}: route model binding`)
      v.status(404)
      if (r.show!.model)
        v.that(
          notFound(r.show!.model, UNKNOWN_ID).test(missing.body.message),
          `message is ${JSON.stringify(missing.body.message)}`,
        )
      if (r.index!.sorts.length) {
        const bad = await kit.get(r.index!.path, { query: { sort: 'no_such_column' } })
        verify(bad, "spatie/laravel-query-builder's InvalidSortQuery").status(400)
        const sorted = await kit.get(r.index!.path, { query: { sort: `-${r.index!.sorts[0]}` } })
        verify(sorted, `${DOC}: x-sorts`).status(200)
      }
    },
  )

  it.each(plainGets.map((o) => [o.path, o] as const))(
    'GET %s answers 200 as the contract says',
    async (path) => {
      verify(await kit.get(path), DOC).status(200)
    },
  )
})

/** A body for `schema` made of a listed record's values, its first text field tagged for this run. */
function bodyFrom(row: any, schema: any, label: string): Record<string, unknown> {
  const { properties } = fieldsOf(schema)
  const body: Record<string, unknown> = {}
  for (const key of Object.keys(properties)) if (row[key] !== undefined) body[key] = row[key]
  const text = Object.entries(properties).find(
    ([, p]) => [p.type].flat().includes('string') && !p.enum && !p.format && !p.pattern,
  )
  if (text) {
    const [key, p] = text
    body[key] = kit.tag(label).slice(0, p.maxLength ?? 255)
  }
  return body
}

describeBeyondDocs(names, 'resources of the request collection, writes', () =>
  describeWrites('writes (full profile)', () => {
    afterAll(() => kit.cleanUp())
    // A JSON write: an upload (multipart) is the collection's clients' to send, not the kit's.
    const writable = resources.filter((r) => r.store?.schema && r.destroy)

    it.each(writable.map((r) => [r.store!.path, r] as const))(
      'POST %s answers 201 with the record GET answers; PUT changes it; DELETE removes it; 422 without what it requires',
      async (_path, r) => {
        const page = await firstPages.get(r.table)!()
        const row = page.body.data[0]
        if (!row) throw new Unavailable(`no record in ${r.index!.path} to take fields from`)
        const created = await setup(r.index!.resource, `POST ${r.store!.path}`, () =>
          kit.post(r.store!.path, bodyFrom(row, r.store!.schema, r.table)),
        )
        const path = idPath(r.show!, created.id)
        kit.created(`${r.table} ${created.id}`, () => kit.delete(path))
        const shown = await kit.get(path)
        const v = verify(shown, `${DOC}: POST then GET`)
        v.status(200)
        for (const key of Object.keys(created))
          v.equal(`${key} of GET (POST answered it)`, shown.body[key], created[key])
        if (r.update?.schema) {
          const changes = bodyFrom(created, r.update.schema, `${r.table} updated`)
          const tagged = Object.entries(changes).find(([, value]) => typeof value === 'string')
          if (tagged) await checkUpdate(kit, path, { [tagged[0]]: tagged[1] }, 200, DOC)
          verify(await kit.put(idPath(r.show!, UNKNOWN_ID), changes), DOC).status(404)
        }
        if (fieldsOf(r.store!.schema).required.length)
          verify(await kit.post(r.store!.path, {}), `${DOC}: Laravel rule required`).status(422)
        await checkDelete(kit, path, DOC)
        verify(await kit.delete(idPath(r.show!, UNKNOWN_ID)), DOC).status(404)
      },
    )
  }),
)
