// Laravel's LengthAwarePaginator, beyond its JSON schema: the 13 keys in order, the arithmetic,
// the page URLs (on the host and path requested, carrying only ?page=N), the `links` window and
// its labels, a page past the end, and walking next_page_url to the end.
// research: laravel-bluerocktel §2a; the contract's Paginator schema describes each rule.
import type { Answer } from './checks.js'
import type { Kit } from './client.js'

export const PAGINATOR_KEYS = [
  'current_page',
  'data',
  'first_page_url',
  'from',
  'last_page',
  'last_page_url',
  'links',
  'next_page_url',
  'path',
  'per_page',
  'prev_page_url',
  'to',
  'total',
]
const DOC = 'Laravel LengthAwarePaginator (contract: Paginator)'

/** Whether an answer's schema (as the contract writes it, references unresolved) is a Paginator. */
export const isPaginator = (schema: any): boolean =>
  schema?.$ref === '#/components/schemas/Paginator' || (schema?.allOf ?? []).some(isPaginator)

/** The labels of Laravel's `links` window (UrlWindow, onEachSide 3) for a page of `last` pages. */
export function windowLabels(current: number, last: number): string[] {
  const range = (from: number, to: number) =>
    Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => String(from + i))
  const side = 3
  const window = side + 4
  let pages: string[]
  if (last < side * 2 + 8) pages = range(1, last)
  else if (current <= window) pages = [...range(1, window + side), '...', ...range(last - 1, last)]
  else if (current > last - window)
    pages = [...range(1, 2), '...', ...range(last - (window + side - 1), last)]
  else
    pages = [
      ...range(1, 2),
      '...',
      ...range(current - side, current + side),
      '...',
      ...range(last - 1, last),
    ]
  return ['&laquo; Previous', ...pages, 'Next &raquo;']
}

/** Every rule a page must satisfy, for a request of page `page` with `perPage` rows (null when the default is not documented). */
export function checkPage(
  kit: Pick<Kit, 'verify'>,
  answer: Answer,
  perPage: number | null,
  page: number,
) {
  const v = kit.verify(answer, DOC)
  const p = answer.body
  v.keys('the paginator', p, PAGINATOR_KEYS)
  v.that(Number.isInteger(p.per_page), `per_page is ${JSON.stringify(p.per_page)}, not an integer`)
  if (perPage !== null) v.equal('per_page (asked for)', p.per_page, perPage)
  const size = p.per_page as number
  v.equal('current_page (asked for)', p.current_page, page)
  v.equal(
    `last_page for total ${p.total} and per_page ${size}`,
    p.last_page,
    Math.max(Math.ceil(p.total / size), 1),
  )
  const rows = Math.max(0, Math.min(size, p.total - (page - 1) * size))
  v.equal(
    `the number of rows on page ${page} of ${p.last_page} (total ${p.total})`,
    p.data.length,
    rows,
  )
  v.equal('from', p.from, rows ? (page - 1) * size + 1 : null)
  v.equal('to', p.to, rows ? (page - 1) * size + rows : null)

  const path = answer.request.url.replace(/\?.*$/, '')
  const at = (n: number) => `${path}?page=${n}`
  v.equal('path (the URL requested, without its query)', p.path, path)
  v.equal('first_page_url', p.first_page_url, at(1))
  v.equal('last_page_url', p.last_page_url, at(p.last_page))
  v.equal(
    `next_page_url on page ${page} of ${p.last_page}`,
    p.next_page_url,
    page < p.last_page ? at(page + 1) : null,
  )
  v.equal(
    `prev_page_url on page ${page} of ${p.last_page}`,
    p.prev_page_url,
    page > 1 ? at(page - 1) : null,
  )

  const links = p.links as { url: string | null; label: string; active: boolean }[]
  v.equal(
    `the labels of links on page ${page} of ${p.last_page}`,
    links.map((l) => l.label),
    windowLabels(page, p.last_page),
  )
  v.equal('the "Previous" link\'s url', links[0]?.url, p.prev_page_url)
  v.equal('the "Next" link\'s url', links.at(-1)?.url, p.next_page_url)
  for (const link of links.slice(1, -1)) {
    const n = Number(link.label)
    v.equal(`the url of link "${link.label}"`, link.url, link.label === '...' ? null : at(n))
    v.equal(`whether link "${link.label}" is active`, link.active, n === page)
  }
}

/**
 * Follows next_page_url from a page near the end to the last page: the rows counted (those
 * before the start, and those seen) add up to `total`, and no row is seen twice. Laravel's URLs
 * carry only ?page=N, so the walk is at the default page size.
 */
export async function walkToEnd(kit: Kit, path: string, token?: string | null) {
  const first = await kit.get(path, { token })
  kit.verify(first, DOC).status(200)
  if (kit.config.contractOnly) return
  const size = first.body.per_page as number
  // A live list may be long: start three pages before the end.
  const start = Math.max(1, first.body.last_page - 3)
  let answer = start === 1 ? first : await kit.get(path, { query: { page: start }, token })
  const ids = new Set<unknown>()
  let counted = (start - 1) * size
  for (let page = start; ; page++) {
    checkPage(kit, answer, size, page)
    for (const row of answer.body.data) {
      kit
        .verify(answer, DOC)
        .that(
          row.id === undefined || !ids.has(row.id),
          `row id ${row.id} was already on an earlier page`,
        )
      ids.add(row.id)
    }
    counted += answer.body.data.length
    if (answer.body.next_page_url === null || page > start + 10) break
    answer = await kit.follow(answer.body.next_page_url, token)
  }
  kit
    .verify(answer, `${DOC}, total`)
    .equal(
      `the rows counted walking next_page_url from page ${start} to page ${answer.body.current_page} (${(start - 1) * size} before page ${start}, at per_page ${size})`,
      counted,
      first.body.total,
    )
}

/** A page past the end: empty data, from and to null, the same total, per_page an integer. */
export async function checkPastTheEnd(
  kit: Kit,
  path: string,
  query: Record<string, string | number>,
) {
  const first = await kit.get(path, { query: { ...query, per_page: 5 } })
  const beyond = first.body.last_page + 1
  const answer = await kit.get(path, { query: { ...query, per_page: 5, page: beyond } })
  const v = kit.verify(answer, `${DOC}: a page past the end`)
  v.status(200)
  checkPage(kit, answer, 5, beyond)
  v.equal('data', answer.body.data, [])
  v.equal('total (as on page 1)', answer.body.total, first.body.total)
}
