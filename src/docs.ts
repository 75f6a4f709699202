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
import { groupBySource, SOURCE_TITLES } from './docs-groups.js'
import { legacySpecDocument, specDocument } from './spec-document.js'

/** The token the page is authorised with: a seeded admin's (fixtures/users.json), never the control API's. */
export const DOCS_TOKEN = 'sandbox-demo-token'

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
}

const CONTRACTS: Record<Dialect, { url: string; names: string; document: () => object }> = {
  docs: {
    url: '/docs/contract.json?dialect=docs',
    names: 'the documented snake_case names',
    document: () => specDocument,
  },
  legacy: {
    url: '/docs/contract.json?dialect=legacy',
    names: 'the camelCase names of the official PHP SDK',
    document: legacySpecDocument,
  },
}

/** The page's contract of a dialect: grouped by source (docs-groups.ts), made on first use. */
const grouped = new Map<Dialect, { tags: { name: string }[] }>()
const groupedContract = (dialect: Dialect) => {
  if (!grouped.has(dialect))
    grouped.set(dialect, groupBySource(CONTRACTS[dialect].document() as any))
  return grouped.get(dialect)!
}
/** How many tags the page draws: those before the request collection's, which come last. */
const shownTags = (dialect: Dialect) => {
  const tags = groupedContract(dialect).tags.map((t) => t.name)
  const first = tags.findIndex((name) => name.startsWith(SOURCE_TITLES.collection!))
  return first < 0 ? tags.length : first
}

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
    The operations beyond the documentation come last; those of the vendor's request collection are found by their tag in the filter box.</p>
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
      maxDisplayedTags: ${shownTags(dialect)},
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
  // The page's contract: /openapi.json (or its legacy twin) with the operations beyond the
  // documentation grouped apart.
  docs.get('/contract.json', (c) => {
    const asked = c.req.query('dialect')
    return c.json(groupedContract(isDialect(asked) ? asked : options.dialect))
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
