// The contract as the /docs page shows it: the same operations, with those the five documentation
// pages do not describe (`x-source` in the contract) under tags of their own, after every documented
// one, named for where they come from. /openapi.json itself is left as it is.

type Operation = { tags?: string[]; 'x-source'?: string }
type Tag = { name: string; description?: string }
type Document = { tags?: Tag[]; paths: Record<string, Record<string, unknown>> }

/** How the page names each source beyond the documentation, in the order it shows them. */
export const SOURCE_TITLES: Record<string, string> = {
  'php-sdk': 'Beyond the docs (PHP SDK)',
  collection: 'Beyond the docs (request collection)',
}
const SOURCE_NOTES: Record<string, string> = {
  'php-sdk':
    "Not in the documentation: the contract follows the official PHP SDK's requests and DTOs, and Laravel's conventions.",
  collection:
    "Not in the documentation: the contract follows the vendor's request collection, and Laravel's conventions.",
}
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options']

/** The tag an operation of `source` is listed under on the page. */
export const groupedTag = (source: string, tag: string) =>
  `${SOURCE_TITLES[source] ?? `Beyond the docs (${source})`} · ${tag}`

export function groupBySource<D extends Document>(document: D): D {
  const copy = structuredClone(document)
  const moved = new Map<string, { source: string; tag: string }>()
  for (const item of Object.values(copy.paths))
    for (const method of METHODS) {
      const operation = item[method] as Operation | undefined
      const source = operation?.['x-source']
      if (!operation || !source) continue
      operation.tags = (operation.tags ?? ['Other']).map((tag) => {
        const name = groupedTag(source, tag)
        moved.set(name, { source, tag })
        return name
      })
    }
  const tags = copy.tags ?? []
  const byName = new Map(tags.map((t) => [t.name, t]))
  const sources = [
    ...new Set([...Object.keys(SOURCE_TITLES), ...[...moved.values()].map((m) => m.source)]),
  ]
  copy.tags = [
    // A tag whose every operation moved is listed once, under its source.
    ...tags.filter((t) => usedBy(copy, t.name)),
    ...sources.flatMap((source) =>
      [...moved]
        .filter(([, m]) => m.source === source)
        .map(([name, m]) => ({
          name,
          description: [SOURCE_NOTES[source], byName.get(m.tag)?.description]
            .filter(Boolean)
            .join(' '),
        })),
    ),
  ]
  return copy
}

const usedBy = (document: Document, tag: string) =>
  Object.values(document.paths).some((item) =>
    METHODS.some((m) => (item[m] as Operation | undefined)?.tags?.includes(tag)),
  )

/** The two pages of the contract: the documented operations and the SDK's, or the request collection's. */
export type DocsPart = 'main' | 'collection'
export const isDocsPart = (value: unknown): value is DocsPart =>
  value === 'main' || value === 'collection'

/**
 * The part of a (grouped) contract one page draws: its operations, and the components they reach,
 * so Swagger UI neither resolves nor lists the rest. `collection` is the request collection's
 * operations; `main` every other one.
 */
export function partOf<
  D extends Document & { components?: Record<string, Record<string, unknown>> },
>(document: D, part: DocsPart): D {
  const wanted = (operation: Operation) =>
    (operation['x-source'] === 'collection') === (part === 'collection')
  const paths: Document['paths'] = {}
  for (const [path, item] of Object.entries(document.paths)) {
    const kept = Object.entries(item).filter(
      ([key, value]) => !METHODS.includes(key) || wanted(value as Operation),
    )
    if (kept.some(([key]) => METHODS.includes(key))) paths[path] = Object.fromEntries(kept)
  }
  const components = document.components ?? {}
  const reached = new Map<string, Set<string>>()
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit)
    if (!node || typeof node !== 'object') return
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        const [, kind, name] = /^#\/components\/([^/]+)\/([^/]+)$/.exec(value) ?? []
        if (!kind || !name || reached.get(kind)?.has(name)) continue
        if (!reached.has(kind)) reached.set(kind, new Set())
        reached.get(kind)!.add(name)
        visit(components[kind]?.[name])
      } else visit(value)
    }
  }
  visit(paths)
  const kept = Object.fromEntries(
    Object.entries(components).map(([kind, entries]) => [
      kind,
      // Security schemes are named by `security`, not by a $ref: all of them stay.
      kind === 'securitySchemes'
        ? entries
        : Object.fromEntries(
            Object.entries(entries).filter(([name]) => reached.get(kind)?.has(name)),
          ),
    ]),
  )
  const result = { ...document, paths, components: kept }
  return { ...result, tags: (document.tags ?? []).filter((t) => usedBy(result, t.name)) }
}
