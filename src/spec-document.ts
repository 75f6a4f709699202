// The bundled contract (read from src/generated, which dist/ code reaches too), as data: served at /openapi.json, and the source of the 405 answers.
import { readFileSync } from 'node:fs'
import { packageFile } from './paths.js'

const read = (name: string) =>
  JSON.parse(readFileSync(packageFile(`src/generated/${name}`), 'utf8')) as {
    paths: Record<string, Record<string, unknown>>
  }
export const specDocument = read('openapi.json')
let legacy: ReturnType<typeof read> | undefined
/** The same contract in the legacy dialect (camelCase names), served at /openapi.legacy.json: read when first asked for. */
export const legacySpecDocument = () => (legacy ??= read('openapi.legacy.json'))

const VERBS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const
const routes = Object.entries(specDocument.paths).map(([path, item]) => ({
  pattern: new RegExp(
    '^' + path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+') + '/?$',
  ),
  methods: VERBS.filter((v) => v.toLowerCase() in item),
}))

/** The methods Laravel lists in `Allow` for a path (GET implies HEAD). */
export function allowedMethods(path: string): string[] {
  const methods = new Set(routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods))
  if (methods.has('GET')) methods.add('HEAD')
  return VERBS.filter((v) => methods.has(v))
}
