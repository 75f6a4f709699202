// The targets, checked against one run's figures. Ratios are to the bare Hono app of the
// same run; they are reported, never asserted in `npm test`.
import type { Measure } from './load.js'

export type Figures = {
  /** Each with the bare app's `/ping` measured between its slices (`ceilingRps`). */
  results: ({ server: string; scenario: string } & Measure)[]
  processes: {
    server: string
    startupMs: number | null
    peakRssMb: number | null
    customers: number | null
  }[]
}
export type Verdict = {
  target: string
  measured: string
  holds: boolean
  /**
   * For a ratio: the bare Hono app giving the same answers, as a ratio too, and the sandbox's share
   * of it; and the server CPU a request took each (the sandbox's own work is the difference).
   */
  sameAnswers?: { ratio: string; share: string; cpuUs: string }
}
type Check = (figures: Figures) => Verdict

export const CEILING = {
  server: 'bare Hono',
  scenario: 'GET /ping (small JSON)',
  again: 'GET /ping (small JSON), again at the end',
}

const resultOf = (f: Figures, server: string, scenario: string) =>
  f.results.find((r) => r.server === server && r.scenario === scenario)
/** A measurement's requests/s over the bare app's measured alongside it. */
export const ratioOf = (f: Figures, server: string, scenario: string) => {
  const r = resultOf(f, server, scenario)
  return r ? r.rps / r.ceilingRps : NaN
}

/** The bare Hono app giving the sandbox's recorded answers again (`bench/replay.ts`), and its scenario for one of the sandbox's. */
export const REPLAY = {
  server: 'bare Hono, same answers',
  scenario: (server: string, scenario: string) => `${server}: ${scenario}`,
}

/** The sandbox with its request log on, written to a file, as the quick start and the CI recipe run it. */
export const LOGGED = {
  file: 'sandbox, default log to a file',
  json: 'sandbox, --log json to a file',
} as const

/**
 * The targets written as a ratio to the bare Hono app: the scenarios whose answers the replay gives
 * again. A logging sandbox answers the bytes the one without a log answered: its replay is that one's.
 */
export const RATIO_TARGETS = [
  { server: 'sandbox', scenario: 'GET /v1/customers/{id}', min: 0.7 },
  { server: LOGGED.file, scenario: 'GET /v1/customers/{id}', min: 0.6, sameAnswersOf: 'sandbox' },
  { server: LOGGED.json, scenario: 'GET /v1/customers/{id}', min: 0.6, sameAnswersOf: 'sandbox' },
  { server: 'sandbox', scenario: 'GET /v1/customers?per_page=25&page=N', min: 0.35 },
  { server: 'sandbox', scenario: 'GET /v1/items?filter[family_id]=3', min: 0.3 },
  { server: 'sandbox 100k', scenario: 'GET /v1/customers/search?term=', min: 0.5 },
  { server: 'sandbox 100k', scenario: 'GET /v1/customers/lookup?phone_number=', min: 0.5 },
  { server: 'sandbox', scenario: 'POST /v1/customers (--db file)', min: 0.4 },
] as const

const ratio =
  (target: (typeof RATIO_TARGETS)[number]): Check =>
  (f) => {
    const { server, scenario, min } = target
    const r = ratioOf(f, server, scenario)
    const replayed = REPLAY.scenario(
      'sameAnswersOf' in target ? target.sameAnswersOf : server,
      scenario,
    )
    const same = ratioOf(f, REPLAY.server, replayed)
    const cpu = [resultOf(f, server, scenario), resultOf(f, REPLAY.server, replayed)].map((m) =>
      Math.round(m?.cpuUs ?? NaN),
    )
    return {
      target: `${server}: ${scenario} ≥ ${min.toFixed(2)} × bare Hono`,
      measured: r.toFixed(2),
      holds: r >= min,
      sameAnswers: Number.isNaN(same)
        ? undefined
        : {
            ratio: same.toFixed(2),
            share: `${Math.round((100 * r) / same)}%`,
            cpuUs: cpu.some(Number.isNaN) ? '–' : `${cpu[0]} / ${cpu[1]} µs`,
          },
    }
  }
const process =
  (server: string, field: 'startupMs' | 'peakRssMb', max: number, unit: string): Check =>
  (f) => {
    const value = f.processes.find((p) => p.server === server)?.[field] ?? NaN
    const what = field === 'startupMs' ? 'start-up to the first 200' : 'peak RSS'
    return {
      target: `${server}: ${what} ≤ ${max} ${unit}`,
      measured: `${Math.round(value)} ${unit}`,
      holds: value <= max,
    }
  }

export const CHECKS: readonly Check[] = [
  ...RATIO_TARGETS.map(ratio),
  process('sandbox', 'startupMs', 400, 'ms'),
  process('sandbox 100k', 'startupMs', 2000, 'ms'),
  process('sandbox', 'peakRssMb', 150, 'MB'),
  process('sandbox 100k', 'peakRssMb', 600, 'MB'),
  (f) => {
    // Of their ratios: each to the ceiling measured alongside it.
    const times =
      ratioOf(f, 'sandbox', 'GET /v1/customers/{id}') /
      ratioOf(f, 'prism mock', 'GET /v1/customers/{id}')
    return {
      target: 'sandbox: GET /v1/customers/{id} ≥ 8 × prism mock',
      measured: `${times.toFixed(1)} ×`,
      holds: times >= 8,
    }
  },
]
