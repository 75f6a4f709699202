// The kit's self-test, what its two files share: the breaks of test/broken-proxy.ts, each with what
// the kit must say of it, and a run of the kit against a sandbox behind them. kit-breaks.test.ts
// runs the full profile, kit-breaks-readonly.test.ts the readonly one and --strict, each on a
// sandbox of its own, side by side.
import { BREAKS, startBrokenProxy, type Break } from './broken-proxy.js'
import { expect } from 'vitest'
import { failureMessages, runKit } from './kit-run.js'

export type Expectation = { kind: string; write?: boolean; strictOnly?: boolean; report: RegExp }
/** What the kit must say of each break: its class, whether finding it needs a write, and the line it prints. */
export const EXPECTED: Record<Exclude<Break, 'customer-create-fails'>, Expectation> = {
  'drop-required-field': {
    kind: 'contract',
    report:
      /GET \S+\/v1\/customers\/\d+ -> 200: the answer does not conform to the contract:\s+getCustomer \(GET \/v1\/customers\/\{id\}\) 200: body\.customer_account is missing \(required\)/,
  },
  'date-format': {
    kind: 'contract',
    report:
      /body\.data\[\*\]\.created_at must match format "date-time": "[\d-]+ [\d:]+" at body\.data\[0\]\.created_at; \d+ values share this problem/,
  },
  'created-as-200': {
    kind: 'contract',
    write: true,
    report:
      /POST \S+\/v1\/bundles with body \{[^\n]*\} -> 200: the answer does not conform[\s\S]*?createBundle \(POST \/v1\/bundles\): status 200 is not documented/,
  },
  'ignore-per-page': {
    kind: 'paginator',
    report:
      /GET \S+\/v1\/items\?per_page=25 -> 200: per_page \(asked for\) is 10, expected 25 \[Laravel LengthAwarePaginator/,
  },
  'links-labels': {
    kind: 'paginator',
    report:
      /\/v1\/customer-files\/licences\S* -> 200: the labels of links on page \d+ of \d+ is \["Previous",.*expected \["&laquo; Previous"/,
  },
  'foreign-page-urls': {
    kind: 'paginator',
    report:
      /\/v1\/customer-services\S* -> 200: path \(the URL requested, without its query\) is "http:\/\/internal\.invalid\/api\/v1\/customer-services", expected "http:\/\/127\.0\.0\.1/,
  },
  'past-end-from-to': {
    kind: 'paginator',
    report: /\/v1\/families\?per_page=5&page=\d+ -> 200: from is \d+, expected null/,
  },
  'total-off-by-one': {
    kind: 'paginator',
    report:
      /\/v1\/bundle-initial-items\S* -> 200: (last_page for total \d+|the number of rows on page|the rows counted)/,
  },
  'sort-ignored': {
    kind: 'sort',
    report:
      /GET \S+\/v1\/customers\?sort=-name&per_page=25 -> 200: rows are not in descending order of name at row \d+ \(".+" after ".+"\) \[seeds\/000/,
  },
  'case-sensitive-search': {
    kind: 'case handling',
    report:
      /\/v1\/customers\/search\?term=\S+ -> 200: no customer found for "[^"]+", a part of "[^"]+" with its case changed \[seeds\/000/,
  },
  'validation-message': {
    kind: 'error wording',
    report:
      /\/v1\/customers\/lookup -> 422: message is "The customer account field is required when phone number is not present\.", expected "[^"]+ \(and 1 more error\)" \[Laravel's ValidationException\]/,
  },
  'not-found-message': {
    kind: 'error wording',
    report:
      /GET \S+\/v1\/items\/2000000000 -> 404: message is "Item not found\.", expected "No query results for model \[App\\Item\] 2000000000"/,
  },
  'stale-put': {
    kind: 'stale answer to a write',
    write: true,
    report:
      /PUT \S+\/v1\/subfamilies\/\d+ with body .* -> 200: name in the PUT's answer is "[^"]+Trunks", expected "[^"]+SIP trunks"/,
  },
  'frozen-updated-at': {
    kind: 'stale answer to a write',
    write: true,
    report:
      /PUT \S+\/v1\/families\/\d+ with body .* -> 200: updated_at did not move: \S+ before, \S+ after a change/,
  },
  'guarded-delete-lies': {
    kind: 'stale answer to a write',
    write: true,
    report:
      /GET \S+\/v1\/items\/\d+ -> 404: status 404, expected 200 \[seeds\/004 DELETE .*a refused delete leaves the record\]/,
  },
  'lookup-extra-key': {
    kind: 'representation',
    report:
      /lookup\?customer_account=\S+ -> 200: data has keys [^:]*: unexpected email_address; expected exactly id, name, customer_account/,
  },
  'lookup-miss-shape': {
    kind: 'representation',
    report:
      /lookup\?customer_account=CONFORMANCE-UNKNOWN -> 200: the answer is \{"found":false,"data":null,"message":"Customer not found\."\}, expected \{"found":false,"data":null\}/,
  },
  'sync-answer': {
    kind: 'representation',
    write: true,
    report:
      /\/v1\/customers\/\d+\/services with body \{"services":\[[\d,]*\]\} -> 201: the answer has keys message, attached: unexpected attached/,
  },
  'extra-column': {
    kind: 'representation',
    strictOnly: true,
    report: /listBundles 200: body\[\*\]\.legacy_code is not in the contract/,
  },
  'empty-string': {
    kind: 'representation',
    strictOnly: true,
    report: /listBundles 200: body\[\*\]\.description is "" where the contract has null/,
  },
  'role-scope-search': {
    kind: 'role scope',
    report:
      /\/v1\/customers\/search\?term=\S+ -> 200: row \d+ of \d+ \(id \d+, .*\) does not satisfy: representative_id is the sales user's/,
  },
  'items-without-relations': {
    kind: 'contract',
    report:
      /GET \S+\/v1\/items\?sort=description&per_page=25 -> 200: the answer does not conform to the contract:\s+listItems \(GET \/v1\/items\) 200: body\.data\[\*\]\.family is missing \(required\)/,
  },
  'no-patch': {
    kind: 'contract',
    report:
      /PATCH \S+\/v1\/families\/2000000000 with body \{"name":"x"\} -> 405: the answer does not conform[\s\S]*?patchFamily \(PATCH \/v1\/families\/\{id\}\): status 405 is not documented/,
  },
  'empty-services-accepted': {
    kind: 'validation',
    write: true,
    report:
      /POST \S+\/v1\/customers\/\d+\/services with body \{"services":\[\]\} -> 201: status 201, expected 422 \[seeds\/003 "services \| array \| Yes"/,
  },
  'role-scope-lookup': {
    kind: 'role scope',
    report:
      /GET \S+\/v1\/customers\/lookup\?customer_account=\S+ -> 200: the look-up is \{"found":true,.*expected \{"found":false,"data":null\}/,
  },
  'bundle-sum': {
    kind: 'computed value',
    report:
      /GET \S+\/v1\/bundles\/\d+ -> 200: items_recurring_sum_selling_price_without_tax of bundle \d+ \(from its \d+ items_recurring lines\) is "[\d.]+", expected "[\d.]+"/,
  },
  'customers-count': {
    kind: 'computed value',
    report:
      /GET \S+\/v1\/customer-services\/\d+ -> 200: the number of customers \(customers_count in the list is \d+\) is \d+, expected \d+/,
  },
}

export const credentials = [
  '--token',
  'sandbox-admin-token',
  '--sales-token',
  'sandbox-sales-token',
]
// customer-create-fails blocks most customer writes: conformance.test.ts runs it alone, to show the blocked report.
export const every = (Object.keys(BREAKS) as Break[]).filter(
  (name) => name !== 'customer-create-fails',
)

/** Runs the kit against `base` behind a proxy that breaks it in the ways named. */
export async function runBroken(base: string, breaks: Break[], args: string[]) {
  const proxy = await startBrokenProxy(base, breaks)
  try {
    return await runKit(['--base-url', `${proxy.url}/api`, ...args])
  } finally {
    await proxy.close()
  }
}

/**
 * The kit in `profile` against every break at once: each break that profile can see (a write's
 * only in `full`, --strict's never) is reported, a representation beyond the contract is a
 * warning, and each failure starts with the request it judged.
 */
export async function expectEveryBreakCaught(base: string, profile: 'full' | 'readonly') {
  const applies = (e: Expectation) => !e.strictOnly && (profile === 'full' || !e.write)
  const { code, report, output } = await runBroken(base, every, [
    ...credentials,
    '--profile',
    profile,
  ])
  expect(code, output).toBe(1)
  const messages = failureMessages(report)
  const missed = Object.entries(EXPECTED)
    .filter(([, e]) => applies(e) && !messages.some((m) => e.report.test(m)))
    .map(([name]) => name)
  expect(missed, messages.join('\n\n')).toEqual([])
  // A representation beyond the contract is a warning here, not a failure.
  for (const name of ['extra-column', 'empty-string'] as const)
    expect(
      report.warnings.some((w: string) => EXPECTED[name].report.test(w)),
      name,
    ).toBe(true)
  // No bare assertion anywhere: each failure starts with the request it judged.
  for (const failure of report.failures)
    expect(failure.message, failure.test).toMatch(
      /^(GET|POST|PUT|PATCH|DELETE) http:\/\/127\.0\.0\.1:\d+\/api\S*( with body .*)? -> \d{3}: /,
    )
  expect(output).not.toMatch(/expected \S+ to (be|equal)/)
  expect(report.verdict).toBe('FAIL')
}
