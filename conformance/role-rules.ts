// seeds/000 "Results are filtered based on the authenticated user's role": a user below the tech
// level (a sales user) is shown only the customers they represent. The kit knows its sales token
// from --sales-token; the proxy learns a token's user when the client logs in through it
// (`POST /login` answers the token with the user's id and role), or is told which tokens are a
// sales user's (`--sales-token`, as the kit is) and takes, as the kit does, the representative of
// the first customer that token's list shows; a customer's representative it learns from any
// answer that shows it. Any other token is judged on nothing here.
import type { Answer, Verify } from './checks.js'

/** Roles below this are a sales user's (contract User.role: 5 sales, 8+ tech, 20+ admin). */
const TECH = 8
const DOC = 'seeds/000 "Results are filtered based on the authenticated user\'s role"'

const rowsOf = (body: any): any[] =>
  Array.isArray(body)
    ? body
    : Array.isArray(body?.data)
      ? body.data
      : body?.data && typeof body.data === 'object'
        ? [body.data]
        : body && typeof body === 'object'
          ? [body]
          : []

export function createRoleRules(salesTokens: readonly string[] = []) {
  const sales = new Map<string, number>()
  const told = new Set(salesTokens)
  const representatives = new Map<number, number | null>()

  return function rulesFor(answer: Answer, path: string, token: string) {
    const rules: ((verify: Verify) => void)[] = []
    if (answer.status !== 200) return rules
    const body = answer.body
    if (path === '/login' && typeof body?.token === 'string' && Number.isInteger(body?.user?.id)) {
      if (Number(body.user.role) < TECH) sales.set(body.token, body.user.id)
      else sales.delete(body.token)
      return rules
    }
    if (!path.startsWith('/v1/customers') || path.includes('}/')) return rules
    const customers = rowsOf(body).filter(
      (row) => row && Number.isInteger(row.id) && 'customer_account' in row,
    )
    for (const row of customers)
      if ('representative_id' in row) representatives.set(row.id, row.representative_id)
    // A sales user's own list shows whom they represent (the kit's roles suite reads it the same way).
    const first = customers[0]?.representative_id
    if (told.has(token) && !sales.has(token) && path === '/v1/customers' && Number.isInteger(first))
      sales.set(token, first)
    const user = sales.get(token)
    if (user === undefined) return rules
    const known = customers.filter((row) => representatives.has(row.id))
    if (known.length)
      rules.push((verify) =>
        verify(answer, DOC).every(
          known,
          (row) => representatives.get(row.id) === user,
          "representative_id is the sales user's",
          ['name', 'representative_id'],
        ),
      )
    return rules
  }
}
