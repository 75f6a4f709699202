// The part of autocannon's API the benchmark uses (the package ships no types).
declare module 'autocannon' {
  type Request = { method?: string; path?: string; headers?: Record<string, string>; body?: string }
  type Histogram = { average: number; p50: number; p99: number; total: number }
  export type Options = Request & {
    url: string
    connections?: number
    duration?: number
    timeout?: number
    requests?: (Request & { setupRequest?: (request: Request & { path: string }) => Request })[]
  }
  export type Result = { requests: Histogram; latency: Histogram; errors: number; timeouts: number; non2xx: number; '2xx': number; duration: number }
  export default function autocannon(options: Options): Promise<Result>
}
