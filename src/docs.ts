// GET /docs: the contract as an interactive page (Swagger UI, served from the package itself, so it
// works offline), whose "Try it out" calls this sandbox, already authorised as the demo user. It
// shows the contract of the dialect the sandbox answers in, and Execute asks for that dialect, so
// the page and its answers always use the same names.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { Hono, type Context } from 'hono'
import { RouteNotFound, ValidationFailed } from './laravel/errors.js'
import { isDialect, type Dialect } from './dialect.js'
import { groupBySource, isDocsPart, partOf, type DocsPart } from './docs-groups.js'
import { legacySpecDocument, specDocument } from './spec-document.js'

/** The token the page is authorised with: a seeded admin's (fixtures/users.json), never the control API's. */
export const DOCS_TOKEN = 'sandbox-demo-token'

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
}

const CONTRACTS: Record<Dialect, { names: string; document: () => object }> = {
  docs: { names: 'the documented snake_case names', document: () => specDocument },
  legacy: { names: 'the camelCase names of the official PHP SDK', document: legacySpecDocument },
}

/** A page's address (`/docs`), or its contract's (`/docs/contract.json`). */
const urlOf = (path: string, dialect: Dialect, part: DocsPart) =>
  `${path}?dialect=${dialect}${part === 'main' ? '' : `&part=${part}`}`

/**
 * The contract a page draws, made on first use: grouped by source (docs-groups.ts), then cut in
 * two. Some 400 operations took Swagger UI most of a minute to resolve and draw: the documented
 * operations and the SDK's make one page, the request collection's 300-odd another.
 */
const parts = new Map<string, object>()
const pageContract = (dialect: Dialect, part: DocsPart) => {
  const key = `${dialect} ${part}`
  if (!parts.has(key))
    parts.set(key, partOf(groupBySource(CONTRACTS[dialect].document() as any), part))
  return parts.get(key)!
}

const page = (dialect: Dialect, part: DocsPart) => {
  const other: Dialect = dialect === 'docs' ? 'legacy' : 'docs'
  const otherPart: DocsPart = part === 'main' ? 'collection' : 'main'
  const shown =
    part === 'main'
      ? 'the documented operations, then those of the official PHP SDK'
      : "the operations of the vendor's request collection"
  const link =
    otherPart === 'collection'
      ? "The vendor's request collection's operations"
      : "The documented operations and the SDK's"
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>BlueRockTEL API sandbox</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" href="/docs/favicon-32x32.png">
  <link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
  <p style="font-family: sans-serif; margin: 12px 20px 0">The ${dialect} dialect: ${CONTRACTS[dialect].names}.
    <a id="other-dialect" href="${urlOf('/docs', other, part)}">The ${other} dialect</a>.
    This page shows ${shown}. <a id="other-part" href="${urlOf('/docs', dialect, otherPart)}">${link}</a>.</p>
  <div id="docs"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({
      url: '${urlOf('/docs/contract.json', dialect, part)}',
      requestInterceptor: (request) => {
        request.headers['X-BlueRockTEL-Dialect'] = '${dialect}'
        return request
      },
      dom_id: '#docs',
      deepLinking: true,
      tryItOutEnabled: true,
      validatorUrl: null,
      displayRequestDuration: true,
      filter: true,
      onComplete: () => window.ui.preauthorizeApiKey('bearerAuth', ${JSON.stringify(DOCS_TOKEN)}),
    })
  </script>
</body>
</html>
`
}

/** `dialect` is the sandbox's own (`--dialect`); `/docs?dialect=docs|legacy` shows the other one. */
export function createDocsRouter(options: { dialect: Dialect }) {
  const docs = new Hono()
  const directory = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
  // Read on first use, not at start-up: most runs never open the page.
  const cache = new Map<string, Promise<Buffer>>()
  const asset = (name: string) => {
    if (!cache.has(name)) cache.set(name, readFile(join(directory, name)))
    return cache.get(name)!
  }

  /**
   * The dialect and the part a page or contract asks for: the sandbox's own dialect and the main
   * part unless asked; a value neither names is refused as Laravel's `in` rule refuses it. Not
   * through laravel/validate.ts: it lets an empty value by as absent (an optional field of the
   * API), where a page asked for with `?dialect=` names no dialect and is refused.
   */
  const asked = (c: Context) => {
    const dialect = c.req.query('dialect')
    const part = c.req.query('part')
    const errors: Record<string, string[]> = {}
    if (dialect !== undefined && !isDialect(dialect))
      errors.dialect = ['The selected dialect is invalid.']
    if (part !== undefined && !isDocsPart(part)) errors.part = ['The selected part is invalid.']
    if (Object.keys(errors).length) throw new ValidationFailed(errors)
    return [
      (dialect as Dialect | undefined) ?? options.dialect,
      (part as DocsPart | undefined) ?? 'main',
    ] as const
  }
  docs.get('/', (c) => c.html(page(...asked(c))))
  // The page's contract: /openapi.json (or its legacy twin) with the operations beyond the
  // documentation grouped apart, the part the page draws.
  docs.get('/contract.json', (c) => c.json(pageContract(...asked(c))))
  docs.get('/:asset', async (c) => {
    const name = c.req.param('asset')
    const type = ASSETS[name]
    if (!type) throw new RouteNotFound(c.req.path)
    return c.body(new Uint8Array(await asset(name)), 200, {
      'Content-Type': type,
      'Cache-Control': 'public, max-age=3600',
    })
  })
  return docs
}
