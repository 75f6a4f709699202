// The documented rules that one answer (with the request that asked for it) can show, apart from
// its schema: Laravel's 422 and 404 wording, the paginator's arithmetic and links, the order a
// `sort` asks for, the look-up's shape, the search's cap, the generated `CL` account, a sync's
// answer and an update's answer carrying what was sent. The suites check them on the requests
// they choose; `checkAnswerRules` checks every one that applies to any answer (the proxy's).
import type { Answer, Verify } from './checks.js'
import { checkPage, isPaginator } from './paginator.js'

/** The keys of a found customer in `GET /v1/customers/lookup` (seeds/000, lookup "Response 200"). */
export const LOOKUP_KEYS = [
  'id',
  'name',
  'customer_account',
  'vip',
  'on_call_duty',
  'setup_follow_up',
  'setup_follow_up_user',
]
/** seeds/000 "Returns up to 15 results". */
export const SEARCH_LIMIT = 15

/** seeds/000 "A customer_account is auto-generated (format: CL + zero-padded ID)". */
export const generatedAccount = (id: number) => `CL${String(id).padStart(6, '0')}`

/** Laravel's ModelNotFoundException message: `findOrFail` names the id, `firstOrFail` ends with a period. */
export const notFoundMessage = (model: string, suffix: string) =>
  new RegExp(
    `^No query results for model \\[App\\\\(Models\\\\)?${model}\\]${suffix.replace(/[.*+?^$()|[\]\\]/g, '\\$&')}$`,
  )

/** Laravel's 422 message is the first error, then " (and N more error[s])" counting the others (ValidationException). */
export function checkValidationMessage(verify: Verify, answer: Answer) {
  const errors = answer.body?.errors
  if (answer.status !== 422 || !errors || typeof errors !== 'object') return
  const messages = Object.values(errors as Record<string, string[]>).flat()
  const others = messages.length - 1
  const expected =
    others > 0 ? `${messages[0]} (and ${others} more error${others === 1 ? '' : 's'})` : messages[0]
  verify(answer, "Laravel's ValidationException").equal('message', answer.body.message, expected)
}

/** The request's query string. */
const queryOf = (answer: Answer) => new URL(answer.request.url, 'http://x').searchParams
/** A positive integer query parameter, or null when absent or not one. */
function positive(query: URLSearchParams, name: string): number | null {
  const text = query.get(name)
  return text !== null && /^\d+$/.test(text) && Number(text) > 0 ? Number(text) : null
}

/** A 404 on a documented route says which model was not found, or which route (Laravel's two 404s). */
function checkNotFound(verify: Verify, answer: Answer) {
  if (answer.status !== 404) return
  const message = answer.body?.message
  const segments = new URL(answer.request.url, 'http://x').pathname
    .split('/')
    .map(decodeURIComponent)
  const model = /^No query results for model \[App\\(?:Models\\)?\w+\](?: (.+)|\.)$/.exec(
    typeof message === 'string' ? message : '',
  )
  const route = typeof message === 'string' && /^The route \S+ could not be found\.$/.test(message)
  verify(answer, 'Laravel ModelNotFoundException').that(
    route || (model !== null && (model[1] === undefined || segments.includes(model[1]))),
    `message is ${JSON.stringify(message)}, expected Laravel's "No query results for model [App\\Model] <the id requested>"`,
    answer.body,
  )
}

/** The rows of a list answer, and the sort its request asked for (`sort=-name`, or `sort=name&direction=desc`). */
function checkSort(verify: Verify, answer: Answer, rows: any[]) {
  const query = queryOf(answer)
  const sort = query.get('sort')?.split(',')[0]?.trim()
  if (!sort || rows.length < 2) return
  const key = sort.replace(/^-/, '')
  const direction = query.get('direction')?.toLowerCase()
  const descending = sort.startsWith('-') || direction === 'desc'
  if (!rows.every((row) => row && typeof row === 'object' && key in row)) return
  verify(
    answer,
    `seeds/000, sort (sort=${sort}${direction ? `&direction=${direction}` : ''})`,
  ).sorted(rows, key, descending ? 'desc' : 'asc')
}

/** A customer created without an account gets `CL` + its zero-padded id. */
function checkGeneratedAccount(verify: Verify, answer: Answer) {
  const sent = answer.request.body as Record<string, unknown> | undefined
  if (answer.status !== 201 || sent?.customer_account != null || sent?.customerAccount != null)
    return
  if (!Number.isInteger(answer.body?.id)) return
  verify(
    answer,
    'seeds/000 "A customer_account is auto-generated (format: CL + zero-padded ID)"',
  ).equal('customer_account', answer.body.customer_account, generatedAccount(answer.body.id))
}

function checkLookup(verify: Verify, answer: Answer) {
  if (answer.status !== 200) return
  const v = verify(answer, 'seeds/000, lookup "Response 200"; contract CustomerLookup')
  if (answer.body?.found === false) v.equal('the answer', answer.body, { found: false, data: null })
  else {
    v.keys('the answer', answer.body, ['found', 'data'])
    v.keys('data', answer.body?.data, LOOKUP_KEYS)
  }
}

function checkSearch(verify: Verify, answer: Answer) {
  if (answer.status !== 200 || !Array.isArray(answer.body)) return
  const v = verify(answer, 'seeds/000 "Returns up to 15 results"')
  v.that(
    answer.body.length <= SEARCH_LIMIT,
    `${answer.body.length} results, more than the documented ${SEARCH_LIMIT}`,
  )
  checkSort(verify, answer, answer.body)
}

/** An update's answer is the record as changed: each text field sent comes back as sent (trimmed, as Laravel trims it). */
function checkUpdateAnswer(verify: Verify, answer: Answer) {
  const sent = answer.request.body
  if (![200, 201].includes(answer.status) || !sent || typeof sent !== 'object') return
  if (!answer.body || typeof answer.body !== 'object' || Array.isArray(answer.body)) return
  const v = verify(answer, 'seeds/004, seeds/000 update: the answer is the record as stored')
  for (const [key, value] of Object.entries(sent as Record<string, unknown>)) {
    const shown = answer.body[key]
    // Text only: numbers come back as decimal strings, dates with a time, and "" as null.
    if (typeof value !== 'string' || !value.trim() || typeof shown !== 'string') continue
    if (/^\d{4}-\d\d-\d\d/.test(value) || /^-?\d+(\.\d+)?$/.test(value.trim())) continue
    v.equal(`${key} in the ${answer.request.method}'s answer`, shown, value.trim())
  }
}

/** A sync answers Laravel's success message only, and only for a set of services: `required` refuses an empty one. */
function checkSync(verify: Verify, answer: Answer) {
  verify(answer, 'seeds/003 "Response 201: Success message"').keys('the answer', answer.body, [
    'message',
  ])
  const services = (answer.request.body as { services?: unknown } | undefined)?.services
  verify(answer, 'seeds/003 "services | array | Yes"; Laravel rule required').that(
    !(Array.isArray(services) && services.length === 0),
    "an empty services array was accepted, where Laravel's required refuses it with 422",
  )
}

type Rule = (verify: Verify) => void

/**
 * The rules above that apply to `answer` of the operation `path` (the contract's template,
 * `/v1/customers/{id}`), each to be run on its own; `schema` is the contract's schema of that
 * answer as written.
 */
export function checkAnswerRules(answer: Answer, path: string, schema: unknown): Rule[] {
  const method = answer.request.method
  const rules: Rule[] = [
    (verify) => checkValidationMessage(verify, answer),
    (verify) => checkNotFound(verify, answer),
  ]
  if (method === 'GET' && answer.status === 200 && isPaginator(schema)) {
    const query = queryOf(answer)
    const asked =
      positive(query, 'per_page') ?? (path === '/v1/customers' ? positive(query, 'nb') : null)
    // Above 1000 a page size is the instance's to cap (the sandbox does; Laravel does not).
    const perPage = asked !== null && asked <= 1000 ? asked : null
    rules.push((verify) => checkPage({ verify }, answer, perPage, positive(query, 'page') ?? 1))
    if (Array.isArray(answer.body?.data))
      rules.push((verify) => checkSort(verify, answer, answer.body.data))
  }
  if (method === 'GET' && path === '/v1/customers/lookup')
    rules.push((verify) => checkLookup(verify, answer))
  if (method === 'GET' && path === '/v1/customers/search')
    rules.push((verify) => checkSearch(verify, answer))
  if (method === 'POST' && path === '/v1/customers')
    rules.push((verify) => checkGeneratedAccount(verify, answer))
  if (method === 'POST' && path === '/v1/customers/{customer}/services' && answer.status === 201)
    rules.push((verify) => checkSync(verify, answer))
  if (method === 'PUT' || method === 'PATCH')
    rules.push((verify) => checkUpdateAnswer(verify, answer))
  return rules
}
