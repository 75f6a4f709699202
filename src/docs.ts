// GET /docs: the contract as an interactive page (Swagger UI, served from the package itself, so it
// works offline), whose "Try it out" calls this sandbox, already authorised as the demo user. It
// shows the contract of the dialect the sandbox answers in, and Execute asks for that dialect, so
// the page and its answers always use the same names.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { Hono } from 'hono'
import { RouteNotFound } from './laravel/errors.js'
import { isDialect, type Dialect } from './dialect.js'
import { specDocument } from './spec-document.js'

/** The token the page is authorised with: a seeded admin's (fixtures/users.json), never the control API's. */
export const DOCS_TOKEN = 'sandbox-demo-token'

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
}

const CONTRACTS: Record<Dialect, { url: string; names: string }> = {
  docs: { url: '/openapi.json', names: 'the documented snake_case names' },
  legacy: { url: '/openapi.legacy.json', names: 'the camelCase names of the official PHP SDK' },
}

/** The tags of operations beyond the request collection's (which come last in the contract's tags). */
const SHOWN_TAGS = new Set(
  Object.values(specDocument.paths).flatMap((item) =>
    Object.values(item as Record<string, { tags?: string[]; 'x-source'?: string }>)
      .filter((op) => op?.tags && op['x-source'] !== 'collection')
      .flatMap((op) => op.tags!),
  ),
).size

const page = (dialect: Dialect) => {
  const other: Dialect = dialect === 'docs' ? 'legacy' : 'docs'
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
    <a id="other-dialect" href="/docs?dialect=${other}">The ${other} dialect</a>.
    The resources of the vendor's request collection (not documented) are found by their tag in the filter box.</p>
  <div id="docs"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({
      url: '${CONTRACTS[dialect].url}',
      requestInterceptor: (request) => {
        request.headers['X-BlueRockTEL-Dialect'] = '${dialect}'
        return request
      },
      dom_id: '#docs',
      deepLinking: true,
      tryItOutEnabled: true,
      validatorUrl: null,
      displayRequestDuration: true,
      // Some 400 operations take Swagger UI a minute to draw: the page draws the documented and the
      // SDK's tags, and the filter box finds the request collection's.
      filter: true,
      maxDisplayedTags: ${SHOWN_TAGS},
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

  docs.get('/', (c) => {
    const asked = c.req.query('dialect')
    return c.html(page(isDialect(asked) ? asked : options.dialect))
  })
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
