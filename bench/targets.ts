// The targets, checked against one run's figures. Ratios are to the bare Hono app of the
// same run; they are reported, never asserted in `npm test`.
import type { Measure } from './load.js'

export type Figures = {
  results: ({ server: string; scenario: string } & Measure)[]
  processes: { server: string; startupMs: number | null; peakRssMb: number | null; customers: number | null }[]
}
export type Verdict = { target: string; measured: string; holds: boolean }
type Check = (figures: Figures) => Verdict

export const CEILING = { server: 'bare Hono', scenario: 'GET /ping (small JSON)', again: 'GET /ping (small JSON), again at the end' }

const rpsOf = (f: Figures, server: string, scenario: string) => f.results.find((r) => r.server === server && r.scenario === scenario)?.rps ?? NaN
/** The mean of the ceiling's two measurements (the first alone if the run did not get to the second). */
export const ceilingOf = (f: Figures) => {
  const [first, last] = [rpsOf(f, CEILING.server, CEILING.scenario), rpsOf(f, CEILING.server, CEILING.again)]
  return Number.isNaN(last) ? first : (first + last) / 2
}
export const ratioOf = (f: Figures, server: string, scenario: string) => rpsOf(f, server, scenario) / ceilingOf(f)

const ratio = (server: string, scenario: string, min: number): Check => (f) => {
  const r = ratioOf(f, server, scenario)
  return { target: `${server}: ${scenario} ≥ ${min.toFixed(2)} × bare Hono`, measured: r.toFixed(2), holds: r >= min }
}
const process = (server: string, field: 'startupMs' | 'peakRssMb', max: number, unit: string): Check => (f) => {
  const value = f.processes.find((p) => p.server === server)?.[field] ?? NaN
  const what = field === 'startupMs' ? 'start-up to the first 200' : 'peak RSS'
  return { target: `${server}: ${what} ≤ ${max} ${unit}`, measured: `${Math.round(value)} ${unit}`, holds: value <= max }
}

export const CHECKS: readonly Check[] = [
  ratio('sandbox', 'GET /v1/customers/{id}', 0.7),
  ratio('sandbox', 'GET /v1/customers?per_page=25&page=N', 0.35),
  ratio('sandbox', 'GET /v1/items?filter[family_id]=3', 0.3),
  ratio('sandbox 100k', 'GET /v1/customers/search?term=', 0.5),
  ratio('sandbox 100k', 'GET /v1/customers/lookup?phone_number=', 0.5),
  ratio('sandbox', 'POST /v1/customers (--db file)', 0.4),
  process('sandbox', 'startupMs', 400, 'ms'),
  process('sandbox 100k', 'startupMs', 2000, 'ms'),
  process('sandbox', 'peakRssMb', 150, 'MB'),
  process('sandbox 100k', 'peakRssMb', 600, 'MB'),
  (f) => {
    const times = rpsOf(f, 'sandbox', 'GET /v1/customers/{id}') / rpsOf(f, 'prism mock', 'GET /v1/customers/{id}')
    return { target: 'sandbox: GET /v1/customers/{id} ≥ 8 × prism mock', measured: `${times.toFixed(1)} ×`, holds: times >= 8 }
  },
]
