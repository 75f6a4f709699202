// What every suite shares: the kit for this run, whether a resource is selected, and the
// paginator arithmetic every documented list must satisfy.
import { describe } from 'vitest'
import { createKit, type Kit } from './client.js'

export const kit: Kit = createKit()
export const { behaviour } = kit
const { only, profile } = kit.config

/** `describe` for one or more resources (tags in kebab-case), skipped when `--only` leaves them all out. */
export const describeResource = (resources: string | string[], name: string, fn: () => void) =>
  describe.skipIf(only !== null && ![resources].flat().some((r) => only.includes(r)))(name, fn)

/** `describe` for what only the full profile may send (writes). */
export const describeWrites = (name: string, fn: () => void) => describe.runIf(profile === 'full')(name, fn)

/** Laravel's LengthAwarePaginator arithmetic (research: laravel-bluerocktel §2a). */
export function expectPaginator(page: any, perPage: number, current: number) {
  behaviour(page.per_page, 'per_page').toBe(perPage)
  behaviour(page.current_page, 'current_page').toBe(current)
  behaviour(page.last_page, 'last_page').toBe(Math.max(Math.ceil(page.total / perPage), 1))
  const expected = Math.max(0, Math.min(perPage, page.total - (current - 1) * perPage))
  behaviour(page.data.length, 'rows on the page').toBe(expected)
  behaviour(page.from, 'from').toBe(expected ? (current - 1) * perPage + 1 : null)
  behaviour(page.to, 'to').toBe(expected ? (current - 1) * perPage + expected : null)
  behaviour(page.next_page_url === null, 'next_page_url is null on the last page').toBe(current >= page.last_page)
  behaviour(page.prev_page_url === null, 'prev_page_url is null on page 1').toBe(current === 1)
}

const collator = new Intl.Collator('en', { sensitivity: 'base' })
/** Whether values are in order, text compared as MySQL's unicode collation does. */
export function isSorted(values: unknown[], desc = false): boolean {
  const compare = (a: unknown, b: unknown) =>
    a === null ? -1 : b === null ? 1 : typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b))
  return values.every((v, i) => i === 0 || (desc ? compare(values[i - 1], v) >= 0 : compare(values[i - 1], v) <= 0))
}

/** A number no instance uses as an id. */
export const UNKNOWN_ID = 2_000_000_000
