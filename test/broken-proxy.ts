// A deliberately broken BlueRockTEL: a proxy in front of a good instance that breaks documented
// behaviour in known, realistic ways, so a test can prove the conformance kit notices each one.
// Each break touches its own endpoint, so that several can run at once without hiding each other.
import { createServer, type Server } from 'node:http'

type Exchange = {
  method: string
  url: URL
  status: number
  body: any
  headers: Record<string, string>
  sent: string
}
type BreakSpec = {
  /** Changes the request before it goes upstream (the URL, the token). */
  request?: (method: string, url: URL, headers: Record<string, string>) => void
  /** Changes the answer; `remember` keeps what a later request needs to know. */
  answer?: (x: Exchange, state: Map<string, unknown>) => void
}

const SALES = 'sandbox-sales-token'
const ADMIN = 'sandbox-admin-token'
const is = (x: Exchange, method: string, path: RegExp) =>
  x.method === method && path.test(x.url.pathname)
const rows = (body: any): any[] =>
  Array.isArray(body) ? body : Array.isArray(body?.data) ? body.data : []
const caseSensitive = (x: Exchange, names: string[]) => {
  const term = names.map((n) => x.url.searchParams.get(n)).find((t) => t)
  if (!term) return
  const keep = (row: unknown) => JSON.stringify(row).includes(term)
  if (Array.isArray(x.body)) x.body = x.body.filter(keep)
  else if (Array.isArray(x.body?.data)) x.body.data = x.body.data.filter(keep)
}

export const BREAKS = {
  // The contract.
  'drop-required-field': {
    answer: (x) =>
      is(x, 'GET', /\/v1\/customers\/\d+$/) && x.status === 200 && delete x.body.customer_account,
  },
  'date-format': {
    answer: (x) =>
      is(x, 'GET', /\/v1\/invoices$/) &&
      rows(x.body).forEach(
        (r) => (r.created_at = r.created_at.replace(/T(\d\d:\d\d:\d\d).*$/, ' $1')),
      ),
  },
  'customer-create-fails': {
    answer: (x) =>
      is(x, 'POST', /\/v1\/customers$/) &&
      x.status === 201 &&
      ((x.status = 500), (x.body = { message: 'Server Error' })),
  },
  'created-as-200': {
    answer: (x) => is(x, 'POST', /\/v1\/bundles$/) && x.status === 201 && (x.status = 200),
  },
  // The paginator.
  'ignore-per-page': {
    request: (m, url) => /\/v1\/items$/.test(url.pathname) && url.searchParams.delete('per_page'),
  },
  'links-labels': {
    answer: (x) =>
      is(x, 'GET', /\/v1\/customer-files\/licences$/) &&
      x.body.links?.forEach(
        (l: any) => (l.label = l.label.replace('&laquo; ', '').replace(' &raquo;', '')),
      ),
  },
  'foreign-page-urls': {
    answer: (x) =>
      is(x, 'GET', /\/v1\/customer-services$/) &&
      x.status === 200 &&
      (x.body = JSON.parse(
        JSON.stringify(x.body).replaceAll(`${x.url.origin}/api`, 'http://internal.invalid/api'),
      )),
  },
  'past-end-from-to': {
    answer: (x) =>
      is(x, 'GET', /\/v1\/families$/) &&
      x.body.data?.length === 0 &&
      ((x.body.from = x.body.total + 1), (x.body.to = x.body.total + 1)),
  },
  'total-off-by-one': {
    answer: (x) =>
      is(x, 'GET', /\/v1\/bundle-initial-items$/) && x.status === 200 && (x.body.total += 1),
  },
  'sort-ignored': {
    request: (m, url) =>
      /\/v1\/customers$/.test(url.pathname) &&
      url.searchParams.get('sort')?.startsWith('-') &&
      url.searchParams.delete('sort'),
  },
  // Case handling: MySQL matches `LIKE` case-insensitively; this instance does not.
  'case-sensitive-search': {
    answer: (x) =>
      x.method === 'GET' &&
      /\/v1\/(customers(\/search)?|items|customer-services)$/.test(x.url.pathname) &&
      caseSensitive(x, [
        'term',
        'filter[name]',
        'filter[description]',
        'filter[key]',
        'filter[term_match]',
      ]),
  },
  // Error wording.
  'validation-message': {
    answer: (x) =>
      x.status === 422 &&
      typeof x.body?.message === 'string' &&
      (x.body.message = x.body.message.replace(/ \(and \d+ more errors?\)$/, '')),
  },
  'not-found-message': {
    answer: (x) =>
      is(x, 'GET', /\/v1\/items\/\d+$/) &&
      x.status === 404 &&
      (x.body = { message: 'Item not found.' }),
  },
  // Stale answers to writes.
  'stale-put': {
    answer: (x, state) => {
      if (is(x, 'GET', /\/v1\/subfamilies\/\d+$/) && x.status === 200)
        state.set(x.url.pathname, x.body)
      if (is(x, 'PUT', /\/v1\/subfamilies\/\d+$/) && x.status === 200 && state.has(x.url.pathname))
        x.body = state.get(x.url.pathname)
    },
  },
  'frozen-updated-at': {
    answer: (x) =>
      /\/v1\/families\/\d+$/.test(x.url.pathname) &&
      x.body?.created_at &&
      (x.body.updated_at = x.body.created_at),
  },
  'guarded-delete-lies': {
    answer: (x, state) => {
      if (is(x, 'DELETE', /\/v1\/items\/\d+$/) && x.status === 422) state.set(x.url.pathname, true)
      else if (is(x, 'GET', /\/v1\/items\/\d+$/) && state.has(x.url.pathname)) {
        x.status = 404
        x.body = {
          message: `No query results for model [App\\Item] ${x.url.pathname.split('/').pop()}`,
        }
      }
    },
  },
  // Representation details.
  'lookup-extra-key': {
    answer: (x) =>
      is(x, 'GET', /\/v1\/customers\/lookup$/) &&
      x.body?.data &&
      (x.body.data.email_address = 'x@example.com'),
  },
  'lookup-miss-shape': {
    answer: (x) =>
      is(x, 'GET', /\/v1\/customers\/lookup$/) &&
      x.body?.found === false &&
      (x.body.message = 'Customer not found.'),
  },
  'sync-answer': {
    answer: (x) =>
      is(x, 'POST', /\/v1\/customers\/\d+\/services$/) &&
      x.status === 201 &&
      (x.body.attached = []),
  },
  'extra-column': {
    answer: (x) =>
      is(x, 'GET', /\/v1\/bundles$/) && rows(x.body).forEach((r) => (r.legacy_code = 'B-1')),
  },
  'empty-string': {
    answer: (x) =>
      is(x, 'GET', /\/v1\/bundles$/) &&
      rows(x.body).forEach((r) => r.description === null && (r.description = '')),
  },
  // Role scope: the search forgets the sales user's filter.
  'role-scope-search': {
    request: (m, url, headers) =>
      /\/v1\/customers\/search$/.test(url.pathname) &&
      headers.authorization === `Bearer ${SALES}` &&
      (headers.authorization = `Bearer ${ADMIN}`),
  },
  // Issue 22: the list forgets the relations the docs promise, PATCH is not routed, an empty required array is taken,
  // and the look-up forgets the sales user's filter.
  'items-without-relations': {
    answer: (x) =>
      is(x, 'GET', /\/v1\/items$/) &&
      x.url.searchParams.get('sort') === 'description' &&
      rows(x.body).forEach((r) => (delete r.family, delete r.subfamily, delete r.tax)),
  },
  'no-patch': {
    answer: (x) =>
      x.method === 'PATCH' &&
      /\/v1\/(families|subfamilies|bundle-initial-items)\/\d+$/.test(x.url.pathname) &&
      ((x.status = 405),
      (x.body = {
        message:
          'The PATCH method is not supported for this route. Supported methods: GET, HEAD, PUT, DELETE.',
      })),
  },
  'empty-services-accepted': {
    answer: (x) =>
      is(x, 'POST', /\/v1\/customers\/\d+\/services$/) &&
      x.status === 422 &&
      /"services":(\[\]|\{\})/.test(x.sent) &&
      ((x.status = 201), (x.body = { message: 'The customer services were synced.' })),
  },
  'role-scope-lookup': {
    request: (m, url, headers) =>
      /\/v1\/customers\/lookup$/.test(url.pathname) &&
      headers.authorization === `Bearer ${SALES}` &&
      (headers.authorization = `Bearer ${ADMIN}`),
  },
  // Computed values.
  'bundle-sum': {
    answer: (x) =>
      is(x, 'GET', /\/v1\/bundles\/\d+$/) &&
      x.status === 200 &&
      (x.body.items_recurring_sum_selling_price_without_tax = (
        Number(x.body.items_recurring_sum_selling_price_without_tax) + 0.01
      ).toFixed(2)),
  },
  'customers-count': {
    answer: (x) =>
      is(x, 'GET', /\/v1\/customer-services$/) &&
      rows(x.body).forEach((r) => (r.customers_count += 1)),
  },
} satisfies Record<string, BreakSpec>

export type Break = keyof typeof BREAKS

export function startBrokenProxy(
  upstream: string,
  breakage: Break | Break[],
): Promise<{ url: string; close: () => Promise<void> }> {
  const breaks: BreakSpec[] = [breakage].flat().map((name) => BREAKS[name])
  const state = new Map<string, unknown>()
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', upstream)
    const method = req.method ?? 'GET'
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(
        ([k]) => !['host', 'content-length', 'connection'].includes(k),
      ),
    ) as Record<string, string>
    for (const b of breaks) b.request?.(method, url, headers)
    const answer = await fetch(url, {
      method,
      headers,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    })
    // The answer as a client of the proxy sees it: the instance's URLs on the proxy's origin, as a reverse proxy rewrites them.
    const seen = new URL(req.url ?? '/', `http://${req.headers.host}`)
    const text = (await answer.text()).replaceAll(new URL(upstream).origin, seen.origin)
    const x: Exchange = {
      method,
      url: seen,
      status: answer.status,
      headers,
      body: text,
      sent: Buffer.concat(chunks).toString(),
    }
    let json = false
    try {
      x.body = text ? JSON.parse(text) : undefined
      json = true
    } catch {
      // not JSON: passed on as it is
    }
    for (const b of breaks) b.answer?.(x, state)
    res.writeHead(x.status, {
      'Content-Type': answer.headers.get('content-type') ?? 'application/json',
      Date: answer.headers.get('date') ?? new Date().toUTCString(),
    })
    res.end(json && x.body !== undefined ? JSON.stringify(x.body) : text)
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number }
      resolve({
        url: `http://127.0.0.1:${address.port}`,
        close: () => new Promise((r) => server.close(() => r())),
      })
    }),
  )
}
