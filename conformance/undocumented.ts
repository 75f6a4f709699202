// What an answer carries beyond the contract: properties the schema does not list, and empty
// strings where the contract has null for "no value". A live instance may well return more
// columns than the docs list, so these are warnings unless the run is --strict; either way each
// is reported once per field (`body.data[*].legacy_flag`), not once per row.

type Json = Record<string, any>
export type Finding = { path: string; kind: 'property' | 'empty-string'; example: string }

/**
 * Walks `value` along `schema` (references resolved by `resolve`). Objects take the union of
 * the properties of their schema's allOf/oneOf/anyOf branches, so a refined list (a paginator
 * whose `data` is a list of customers) is walked with every property it may have.
 */
export function findUndocumented(
  schema: Json | undefined,
  value: unknown,
  resolve: (node: Json) => Json,
): Finding[] {
  const findings = new Map<string, Finding>()
  walk(schema, value, 'body')
  return [...findings.values()]

  function branches(node: Json | undefined): Json[] {
    const resolved = node && resolve(node)
    if (!resolved) return []
    return [
      resolved,
      ...['allOf', 'oneOf', 'anyOf'].flatMap((k) =>
        (resolved[k] ?? []).flatMap((b: Json) => branches(b)),
      ),
    ]
  }

  function walk(node: Json | undefined, current: unknown, path: string) {
    const all = branches(node)
    if (all.length === 0) return
    if (
      current === '' &&
      all.some((b) => b.type === 'null' || (Array.isArray(b.type) && b.type.includes('null')))
    )
      findings.set(`${path} empty`, { path, kind: 'empty-string', example: path })
    if (Array.isArray(current)) {
      const items = all.map((b) => b.items).filter(Boolean)
      for (const item of current)
        for (const schema of items.length ? items : [undefined]) walk(schema, item, `${path}[*]`)
      return
    }
    if (current === null || typeof current !== 'object') return
    const properties: Record<string, Json> = Object.assign(
      {},
      ...all.map((b) => b.properties ?? {}),
    )
    const open = all.some(
      (b) => b.additionalProperties !== undefined && b.additionalProperties !== false,
    )
    // A schema that lists no property (a free-form object) says nothing about its keys.
    const listed = all.some((b) => b.properties)
    for (const [key, child] of Object.entries(current)) {
      if (key in properties) walk(properties[key], child, `${path}.${key}`)
      else if (open)
        walk(
          all.find((b) => typeof b.additionalProperties === 'object')?.additionalProperties,
          child,
          `${path}.${key}`,
        )
      else if (listed && !findings.has(`${path}.${key}`))
        findings.set(`${path}.${key}`, {
          path: `${path}.${key}`,
          kind: 'property',
          example: JSON.stringify(child)?.slice(0, 60) ?? '',
        })
    }
  }
}

/** One line per finding, as the report prints it. */
export function describeFinding(finding: Finding): string {
  return finding.kind === 'property'
    ? `${finding.path} is not in the contract (e.g. ${finding.example})`
    : `${finding.path} is "" where the contract has null for no value`
}
