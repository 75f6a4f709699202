// seeds/000's search, across the answers a client gets: a customer the instance showed a user
// (in a list, a record, a look-up, a write's answer) is found by that user's search for a part of
// its name or account in any case (MySQL's collation ignores case), unless the search is full (15
// results). The kit checks this with a customer it lists first; the proxy with those the client saw.
import type { Answer, Verify } from './checks.js'
import { SEARCH_LIMIT } from './answer-rules.js'

type Seen = { name: string; account: string | null }
/** Customers remembered for each token: enough for a client's working set. */
const REMEMBERED = 5000

const rowsOf = (body: any): any[] =>
  Array.isArray(body)
    ? body
    : Array.isArray(body?.data)
      ? body.data
      : body?.data && typeof body.data === 'object'
        ? [body.data]
        : [body]

export function createSearchRule() {
  const seen = new Map<string, Map<number, Seen>>()
  const of = (token: string) => {
    let customers = seen.get(token)
    if (!customers) seen.set(token, (customers = new Map()))
    return customers
  }

  /** The rule for `answer` of the operation `path`, asked with `token`; what it shows is remembered after. */
  return function rulesFor(answer: Answer, path: string, token: string) {
    const rules: ((verify: Verify) => void)[] = []
    const customers = of(token)
    const { method } = answer.request
    const term = new URL(answer.request.url, 'http://x').searchParams.get('term')?.trim()
    if (
      method === 'GET' &&
      path === '/v1/customers/search' &&
      answer.status === 200 &&
      Array.isArray(answer.body) &&
      answer.body.length < SEARCH_LIMIT &&
      term
    ) {
      const needle = term.toLowerCase()
      for (const [id, customer] of customers)
        if (
          customer.name.toLowerCase().includes(needle) ||
          customer.account?.toLowerCase().includes(needle)
        )
          rules.push((verify) =>
            verify(answer, 'seeds/000 search; MySQL matches case-insensitively').includes(
              answer.body,
              id,
              `customer "${customer.name}", shown to this user before, whose ${customer.name.toLowerCase().includes(needle) ? 'name' : 'account'} contains "${term}" ignoring case,`,
            ),
          )
    }
    if (method === 'DELETE' && path === '/v1/customers/{id}' && answer.status < 300)
      customers.delete(Number(new URL(answer.request.url, 'http://x').pathname.split('/').pop()))
    else if (path.startsWith('/v1/customers') && answer.status < 300)
      for (const row of rowsOf(answer.body))
        if (
          row &&
          Number.isInteger(row.id) &&
          typeof row.name === 'string' &&
          'customer_account' in row
        ) {
          customers.delete(row.id)
          customers.set(row.id, { name: row.name, account: row.customer_account ?? null })
          if (customers.size > REMEMBERED) customers.delete(customers.keys().next().value!)
        }
    return rules
  }
}
