// One scenario under load: autocannon from this process, a warm-up whose figures are dropped,
// then a measurement of fixed duration.
import autocannon from 'autocannon'

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
export async function record(base: string, scenario: Scenario, prefix: string, into: Recorded): Promise<Scenario> {
  const method = scenario.method ?? 'GET'
  for (const path of new Set(scenario.paths)) {
    const res = await fetch(base + path, { method, headers: scenario.headers, body: scenario.body, signal: AbortSignal.timeout(5000) })
    into[answerKey(method, prefix + path)] = { status: res.status, body: await res.text() }
  }
  return { ...scenario, paths: scenario.paths.map((path) => prefix + path) }
}

export type Load = { connections: number; warmupS: number; durationS: number }
export type Measure = { rps: number; p50: number; p99: number; requests: number; failures: number }

export async function measure(base: string, scenario: Scenario, load: Load): Promise<Measure> {
  const run = (duration: number) => {
    let next = 0
    return autocannon({
      url: base,
      connections: load.connections,
      duration,
      timeout: 5,
      method: scenario.method ?? 'GET',
      headers: scenario.headers,
      body: scenario.body,
      requests: [{ setupRequest: (request) => ({ ...request, path: scenario.paths[next++ % scenario.paths.length]! }) }],
    })
  }
  await run(load.warmupS)
  const result = await run(load.durationS)
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts,
  }
}
