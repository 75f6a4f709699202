// The counts and sums an answer shows, against the parts of them that earlier answers showed: a
// customer service's customers against the customers_count its list gave, a bundle's price sums
// against its lines and their items' prices (seeds/003, seeds/004). The kit fetches the parts
// itself; the proxy remembers those the client was shown, and forgets them on a write that can
// change them.
import type { Answer, Verify } from './checks.js'

type Line = {
  item_id: number
  quantity: unknown
  selling_price_without_tax: unknown
  discount_rate?: unknown
}
export const LINE_KINDS = ['items_initial', 'items_licence', 'items_recurring'] as const

const cents = (decimal: unknown) => Math.round(Number(decimal ?? 0) * 100)
/** seeds/004 "calculated price sums": quantity x price (the line's, else its item's) x (1 - discount), to the cent. */
export function bundleSum(lines: Line[], itemPrice: (itemId: number) => unknown): string {
  let sum = 0
  for (const line of lines) {
    const price = line.selling_price_without_tax ?? itemPrice(line.item_id)
    sum += Number(line.quantity) * cents(price) * (1 - Number(line.discount_rate ?? 0))
  }
  return (Math.round(sum + 1e-6) / 100).toFixed(2)
}

const rowsOf = (body: any): any[] =>
  Array.isArray(body) ? body : Array.isArray(body?.data) ? body.data : body ? [body] : []
const idIn = (url: string) => Number(new URL(url, 'http://x').pathname.split('/').pop())

export function createCountRules() {
  /** customers_count by token, then service id: what a user is shown depends on their scope. */
  const counts = new Map<string, Map<number, number>>()
  const lines = new Map<number, Partial<Record<(typeof LINE_KINDS)[number], Line[]>>>()
  const prices = new Map<number, unknown>()

  return function rulesFor(answer: Answer, path: string, token: string) {
    const rules: ((verify: Verify) => void)[] = []
    const { method } = answer.request
    const ok = answer.status >= 200 && answer.status < 300
    const body = answer.body
    if (method === 'GET' && ok && path === '/v1/customer-services/{id}') {
      const counted = counts.get(token)?.get(body?.id)
      if (counted !== undefined && Array.isArray(body?.customers))
        rules.push((verify) =>
          verify(answer, 'seeds/003 "with the count of associated customers"').equal(
            `the number of customers (customers_count in the list is ${counted})`,
            body.customers.length,
            counted,
          ),
        )
    }
    if (method === 'GET' && ok && path === '/v1/bundles/{id}') {
      const known = lines.get(body?.id)
      for (const kind of LINE_KINDS) {
        const shown = known?.[kind]
        const priced = shown?.every(
          (l) => l.selling_price_without_tax !== null || prices.has(l.item_id),
        )
        if (!shown || !priced) continue
        rules.push((verify) =>
          verify(
            answer,
            'seeds/004 "calculated price sums for each item type"; contract BundleWithSums',
          ).equal(
            `${kind}_sum_selling_price_without_tax of bundle ${body.id} (from its ${shown.length} ${kind} lines)`,
            body[`${kind}_sum_selling_price_without_tax`],
            bundleSum(shown, (id) => prices.get(id)),
          ),
        )
      }
    }
    // Remember what this answer shows; forget what a write may have changed.
    if (method !== 'GET' && ok) {
      if (/^\/v1\/customers(\/\{\w+\}(\/services)?)?$/.test(path)) counts.clear()
      if (/^\/v1\/(bundles|bundle-[\w-]+|items)(\/|$)/.test(path)) {
        lines.clear()
        if (path.startsWith('/v1/items')) prices.delete(idIn(answer.request.url))
      }
    }
    if (method !== 'GET' || !ok) return rules
    if (path === '/v1/customer-services') {
      const mine = counts.get(token) ?? new Map<number, number>()
      counts.set(token, mine)
      for (const row of rowsOf(body))
        if (Number.isInteger(row?.customers_count)) mine.set(row.id, row.customers_count)
    }
    if (path === '/v1/bundles' || path === '/v1/bundles/{id}')
      for (const row of rowsOf(body)) {
        const kinds = LINE_KINDS.filter((k) => Array.isArray(row?.[k]))
        if (kinds.length)
          lines.set(row.id, {
            ...lines.get(row.id),
            ...Object.fromEntries(kinds.map((k) => [k, row[k]])),
          })
      }
    if (path === '/v1/items' || path === '/v1/items/{id}')
      for (const row of rowsOf(body))
        if (Number.isInteger(row?.id) && 'selling_price_without_tax' in row)
          prices.set(row.id, row.selling_price_without_tax)
    return rules
  }
}
