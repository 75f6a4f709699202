// The kit's assertions. Each is bound to the answer it judges and to the doc line it checks, so a
// failure reads as one actionable line:
//   GET http://host/api/v1/customers?sort=-name -> 200: rows are not in descending order of name at
//   row 3 ("Zeta SA" after "Alpha SARL") [seeds/000, sort]
// and never as `expected false to be true`.
import { isDeepStrictEqual } from 'node:util'
import { excerpt, formatRequest, identify, type SentRequest } from './format.js'

export type Answer = {
  status: number
  body: any
  headers: Headers
  operationId: string
  request: SentRequest
}

/** A documented behaviour the instance does not have. */
export class CheckFailure extends Error {
  override name = 'CheckFailure'
}

/** The line every report starts with: the request and the status it got. */
export const describeAnswer = (answer: Answer) =>
  `${formatRequest(answer.request)} -> ${answer.status}`

export type VerifierOptions = {
  /** Contract-only runs (generic mocks that keep no state) check no behaviour at all. */
  contractOnly: boolean
  /** Told of each failure, so that the coverage table marks the pair as failing. */
  onFailure: (answer: Answer) => void
}

const collator = new Intl.Collator('en', { sensitivity: 'base' })
/** Text compared as MySQL's case-insensitive unicode collation does; null first. */
export function compareValues(a: unknown, b: unknown): number {
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : -1
  if (b === null || b === undefined) return 1
  return typeof a === 'number' && typeof b === 'number'
    ? a - b
    : collator.compare(String(a), String(b))
}

export function createVerifier(options: VerifierOptions) {
  /** The assertions about one answer, each citing `doc` (e.g. `seeds/000, sort`). */
  return function verify(answer: Answer, doc: string) {
    const fail = (rule: string, shown: unknown = undefined): never => {
      options.onFailure(answer)
      const detail =
        shown === undefined
          ? ''
          : `\n    answer: ${typeof shown === 'string' ? shown : excerpt(shown)}`
      throw new CheckFailure(`${describeAnswer(answer)}: ${rule} [${doc}]${detail}`)
    }
    const skip = options.contractOnly
    return {
      /** Any rule, in words: `rule` says what was found against what the docs say. */
      that(ok: boolean, rule: string, shown?: unknown) {
        if (!skip && !ok) fail(rule, shown)
      },
      status(...expected: number[]) {
        if (!skip && !expected.includes(answer.status))
          fail(`status ${answer.status}, expected ${expected.join(' or ')}`, answer.body)
      },
      equal(label: string, actual: unknown, expected: unknown) {
        if (!skip && !isDeepStrictEqual(actual, expected))
          fail(`${label} is ${excerpt(actual, 160)}, expected ${excerpt(expected, 160)}`)
      },
      matches(label: string, actual: unknown, pattern: RegExp, what: string) {
        if (!skip && !(typeof actual === 'string' && pattern.test(actual)))
          fail(`${label} is ${excerpt(actual, 160)}, expected ${what}`)
      },
      /** Exactly these keys, in this order. */
      keys(label: string, value: unknown, expected: string[]) {
        if (skip) return
        const actual = value && typeof value === 'object' ? Object.keys(value) : []
        if (isDeepStrictEqual(actual, expected)) return
        const extra = actual.filter((k) => !expected.includes(k))
        const missing = expected.filter((k) => !actual.includes(k))
        const why = [
          extra.length ? `unexpected ${extra.join(', ')}` : '',
          missing.length ? `missing ${missing.join(', ')}` : '',
          !extra.length && !missing.length ? 'in another order' : '',
        ]
        fail(
          `${label} has keys ${actual.join(', ') || '(none)'}: ${why.filter(Boolean).join('; ')}; expected exactly ${expected.join(', ')}`,
        )
      },
      /** Every row satisfies `predicate`; the first that does not is named. */
      every(rows: unknown[], predicate: (row: any) => boolean, rule: string, keys: string[] = []) {
        if (skip) return
        const index = rows.findIndex((row) => !predicate(row))
        if (index >= 0)
          fail(
            `row ${index + 1} of ${rows.length} (${identify(rows[index], keys)}) does not satisfy: ${rule}`,
          )
      },
      /** `rows` has a row whose id is `id`. */
      includes(rows: { id: unknown }[], id: unknown, what: string) {
        if (!skip && !rows.some((r) => r.id === id))
          fail(
            `${what} (id ${excerpt(id)}) is not among the ${rows.length} rows (ids ${excerpt(
              rows.map((r) => r.id),
              120,
            )})`,
          )
      },
      sorted(rows: any[], key: string, direction: 'asc' | 'desc') {
        if (skip) return
        const at = rows.findIndex(
          (row, i) =>
            i > 0 &&
            (direction === 'asc'
              ? compareValues(rows[i - 1][key], row[key]) > 0
              : compareValues(rows[i - 1][key], row[key]) < 0),
        )
        if (at > 0)
          fail(
            `rows are not in ${direction === 'asc' ? 'ascending' : 'descending'} order of ${key} at row ${at + 1} (${excerpt(rows[at][key], 60)} after ${excerpt(rows[at - 1][key], 60)})`,
          )
      },
    }
  }
}

export type Verify = ReturnType<typeof createVerifier>
