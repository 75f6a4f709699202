// One scenario under load: autocannon from this process, a warm-up whose figures are dropped,
// then a measurement of fixed duration.
import autocannon, { aggregateResult, type Client, type RawResult } from 'autocannon'

export type Scenario = {
  method?: 'GET' | 'POST'
  /** Requests cycle through these paths, so that a cache of one answer cannot flatter the figure. */
  paths: readonly string[]
  headers?: Record<string, string>
  body?: string
}
/** Answers recorded from a server, by `answerKey`, for `bench/replay.ts` to give again. */
export type Recorded = Record<string, { status: number; body: string }>
/** The key of a recorded answer: the method and the path with its query. */
export const answerKey = (method: string, path: string) => `${method} ${path}`

/**
 * Asks `base` each of the scenario's requests once and records the answers under `prefix` + path;
 * answers the same scenario with its paths so prefixed, for the replaying server.
 */
export async function record(
  base: string,
  scenario: Scenario,
  prefix: string,
  into: Recorded,
): Promise<Scenario> {
  const method = scenario.method ?? 'GET'
  for (const path of new Set(scenario.paths)) {
    const res = await fetch(base + path, {
      method,
      headers: scenario.headers,
      body: scenario.body,
      signal: AbortSignal.timeout(5000),
    })
    into[answerKey(method, prefix + path)] = { status: res.status, body: await res.text() }
  }
  return { ...scenario, paths: scenario.paths.map((path) => prefix + path) }
}

export type Load = {
  connections: number
  warmupS: number
  durationS: number
  /** The measured time is cut in this many slices, with the ceiling measured between them (see `measure`). */
  slices: number
  /** How long the ceiling is measured before, between and after the slices. */
  ceilingS: number
}
/**
 * A scenario's figures; the ceiling's requests/s measured between its slices (NaN without a
 * ceiling); the CPU the server spent per request measured (NaN where that cannot be read).
 */
export type Measure = {
  rps: number
  p50: number
  p99: number
  requests: number
  failures: number
  ceilingRps: number
  cpuUs: number
}

/**
 * autocannon decodes every answer's body into a string, for checks this benchmark does not ask
 * for; on a 40 KB page that costs the load generator more than the server spends, on the cores the
 * server shares. The answers' status is still counted, and their bytes; their text is not made.
 */
const skipBodyText = (client: Client) => {
  client.pipelinedRequests.addBody = () => {}
}

/** Runs that load `base` with `scenario`, one after the other, cycling through its paths across them. */
function runner(base: string, scenario: Scenario, connections: number) {
  let next = 0
  return (duration: number) =>
    autocannon({
      url: base,
      connections,
      duration,
      timeout: 5,
      method: scenario.method ?? 'GET',
      headers: scenario.headers,
      body: scenario.body,
      setupClient: skipBodyText,
      // A run ends at the first sample after its duration: samples every 100 ms, not every second.
      sampleInt: 100,
      skipAggregateResult: true,
      requests: [
        {
          setupRequest: (request) => ({
            ...request,
            path: scenario.paths[next++ % scenario.paths.length]!,
          }),
        },
      ],
    })
}

/** Requests/s over runs: their completed requests over the time they took. */
const rateOf = (runs: RawResult[]) =>
  runs.reduce((n, r) => n + r.totalCompletedRequests, 0) / runs.reduce((t, r) => t + r.duration, 0)

/**
 * Loads `base` with `scenario`: a warm-up whose figures are dropped, then `durationS` measured.
 * With a ceiling, the measured time is cut in slices, and the ceiling (the bare app's `/ping`) is
 * measured before, between and after them, over the same seconds: a machine whose speed swings
 * within seconds (other tenants of the host) then moves both figures alike, and their ratio holds.
 * With `cpuSeconds` (the server's CPU time so far), also what the server spent per request: a
 * figure of the server's own work, whoever else shares the cores.
 */
export async function measure(
  base: string,
  scenario: Scenario,
  load: Load,
  ceiling?: { base: string; scenario: Scenario },
  cpuSeconds: () => number | null = () => null,
): Promise<Measure> {
  const loaded = runner(base, scenario, load.connections)
  if (load.warmupS > 0) await loaded(load.warmupS)
  const runs: RawResult[] = []
  const ceilingRuns: RawResult[] = []
  // The server's CPU over the measured runs only (during the ceiling's, it waits).
  let cpu = 0
  const run = async (duration: number) => {
    const before = cpuSeconds()
    runs.push(await loaded(duration))
    const after = cpuSeconds()
    cpu += before === null || after === null ? NaN : after - before
  }
  if (!ceiling) await run(load.durationS)
  else {
    const runCeiling = runner(ceiling.base, ceiling.scenario, load.connections)
    for (let i = 0; i < load.slices; i++) {
      ceilingRuns.push(await runCeiling(load.ceilingS))
      await run(load.durationS / load.slices)
    }
    ceilingRuns.push(await runCeiling(load.ceilingS))
  }
  const all = aggregateResult(runs, { url: base, connections: load.connections })
  return {
    rps: rateOf(runs),
    p50: all.latency.p50,
    p99: all.latency.p99,
    requests: all.requests.total,
    failures: all.non2xx + all.errors + all.timeouts,
    ceilingRps: ceilingRuns.length ? rateOf(ceilingRuns) : NaN,
    cpuUs: (cpu * 1e6) / runs.reduce((n, r) => n + r.totalCompletedRequests, 0),
  }
}
