// The part of autocannon's API the benchmark uses (the package ships no types).
declare module 'autocannon' {
  type Request = { method?: string; path?: string; headers?: Record<string, string>; body?: string }
  type Histogram = { average: number; p50: number; p99: number; total: number }
  /** One connection; its queue of requests in flight keeps each answer's body as it arrives. */
  export type Client = { pipelinedRequests: { addBody: (data: Buffer) => void } }
  export type Options = Request & {
    url: string
    connections?: number
    duration?: number
    /** At most this many requests in all, whatever the duration. */
    maxOverallRequests?: number
    timeout?: number
    setupClient?: (client: Client) => void
    /** How often, in ms, the requests are counted; a run stops at the first count after its duration. */
    sampleInt?: number
    /** Answer the run's raw histograms, for `aggregateResult` to merge with other runs'. */
    skipAggregateResult?: boolean
    requests?: (Request & { setupRequest?: (request: Request & { path: string }) => Request })[]
  }
  export type Result = {
    requests: Histogram
    latency: Histogram
    errors: number
    timeouts: number
    non2xx: number
    '2xx': number
    duration: number
  }
  /** A run's figures before aggregation (`skipAggregateResult`); `duration` in seconds. */
  export type RawResult = {
    totalCompletedRequests: number
    duration: number
    errors: number
    timeouts: number
    non2xx: number
  }
  export default function autocannon(
    options: Options & { skipAggregateResult: true },
  ): Promise<RawResult>
  export default function autocannon(options: Options): Promise<Result>
  export function aggregateResult(
    results: RawResult[],
    options: { url: string; connections?: number },
  ): Result
}
