// Laravel's LengthAwarePaginator::toArray(): 13 keys, in Laravel's order, with the `links` window
// of UrlWindow (onEachSide = 3).
import { BoundedMap } from '../bounded-map.js'
import { cacheJson } from '../store/json-bytes.js'

export type PaginatorLink = { url: string | null; label: string; active: boolean }
export type Page<T> = {
  current_page: number
  data: T[]
  first_page_url: string
  from: number | null
  last_page: number
  last_page_url: string
  links: PaginatorLink[]
  next_page_url: string | null
  path: string
  per_page: number
  prev_page_url: string | null
  to: number | null
  total: number
}

const ON_EACH_SIDE = 3

/** `request()->input('page')` as Laravel reads it: anything but an integer >= 1 is page 1. */
export function resolvePage(raw: unknown): number {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : ''
  if (!/^[+-]?(0|[1-9]\d*)$/.test(text)) return 1
  const page = Number(text)
  return Number.isSafeInteger(page) && page >= 1 ? page : 1
}

/** Pages `rows` (already filtered and sorted). `path` is the request URL without its query. */
export function paginate<T>(
  rows: readonly T[],
  page: number,
  perPage: number,
  path: string,
): Page<T> {
  const total = rows.length
  const lastPage = Math.max(Math.ceil(total / perPage), 1)
  const start = (page - 1) * perPage
  const data = start < total ? rows.slice(start, start + perPage) : []
  const url = (n: number) => pageUrl(path, n)
  const from = data.length ? start + 1 : null
  const prev = page > 1 ? url(page - 1) : null
  const next = page < lastPage ? url(page + 1) : null
  return {
    current_page: page,
    data,
    first_page_url: url(1),
    from,
    last_page: lastPage,
    last_page_url: url(lastPage),
    links: linksOf(path, page, lastPage),
    next_page_url: next,
    path,
    per_page: perPage,
    prev_page_url: prev,
    to: from === null ? null : from + data.length - 1,
    total,
  }
}

/** A page's URL: the paginator's path and `?page=` alone, without the request's other parameters. */
const pageUrl = (path: string, n: number) => `${path}?page=${n}`

/** The links of recent pages, by page, last page and path: most lists are paged through again and again. */
const recentLinks = new BoundedMap<string, PaginatorLink[]>(1024)

/**
 * The `links` of page `page` of `lastPage`: cached (cacheJson), so that their JSON is made once, like
 * a stored row's, and the same for every answer of that page (some 6 µs of a page of 25).
 */
function linksOf(path: string, page: number, lastPage: number): PaginatorLink[] {
  const key = `${page}|${lastPage}|${path}`
  let links = recentLinks.get(key)
  if (links) return links
  const url = (n: number) => pageUrl(path, n)
  links = cacheJson([
    { url: page > 1 ? url(page - 1) : null, label: '&laquo; Previous', active: false },
    ...linkWindow(page, lastPage).map((n) =>
      n === null
        ? { url: null, label: '...', active: false }
        : { url: url(n), label: String(n), active: n === page },
    ),
    { url: page < lastPage ? url(page + 1) : null, label: 'Next &raquo;', active: false },
  ])
  recentLinks.set(key, links)
  return links
}

/** The page numbers UrlWindow shows, `null` for a "..." gap. */
export function linkWindow(current: number, last: number): (number | null)[] {
  const range = (a: number, b: number) => {
    const numbers: number[] = []
    for (let n = a; n <= b; n++) numbers.push(n)
    return numbers
  }
  if (last < ON_EACH_SIDE * 2 + 8) return range(1, last)
  const window = ON_EACH_SIDE + 4
  if (current <= window) return [...range(1, window + ON_EACH_SIDE), null, last - 1, last]
  if (current > last - window)
    return [1, 2, null, ...range(last - (window + ON_EACH_SIDE - 1), last)]
  return [
    1,
    2,
    null,
    ...range(current - ON_EACH_SIDE, current + ON_EACH_SIDE),
    null,
    last - 1,
    last,
  ]
}
