// A typed client of the BlueRockTEL API, for the sandbox and for live instances alike: openapi-fetch
// over the contract's generated `paths`, so a wrong path, parameter or field does not compile.
//
//   const api = await login({ baseUrl: 'http://127.0.0.1:4010/api', email: 'admin@example.com', password: 'admin-password' })
//   const { data } = await api.GET('/v1/customers/{id}', { params: { path: { id: 42 } } })
//   for await (const customer of rows(api, '/v1/customers', { query: { per_page: 100 } })) ...
import createFetchClient, { type Client, type ClientOptions } from 'openapi-fetch'
// Through ../src so that dist/client.d.ts reaches the generated types too (tsc does not copy .d.ts files).
import type { components, paths } from '../src/generated/openapi.js'

export type { components, paths }
export type Schema<N extends keyof components['schemas']> = components['schemas'][N]
export type BlueRockTEL = Client<paths>

export type ClientConfig = Omit<ClientOptions, 'headers'> & {
  /** The instance's API root, e.g. `http://127.0.0.1:4010/api`. */
  baseUrl: string
  /** A bearer token; `login()` gets one from an email and a password. */
  token?: string
  /** Names an isolated sandbox of the sandbox (`X-Sandbox`); live instances ignore it. */
  sandbox?: string
  headers?: Record<string, string>
}

/** A client that sends the token (if any) and `Accept: application/json` with every request. */
export function createClient(config: ClientConfig): BlueRockTEL {
  const { token, sandbox, headers, ...options } = config
  return createFetchClient<paths>({
    ...options,
    headers: {
      Accept: 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(sandbox ? { 'X-Sandbox': sandbox } : {}),
      ...headers,
    },
  })
}

/** An answer that is not the one asked for: its status and Laravel's body (`message`, `errors`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    const message = body && typeof body === 'object' && 'message' in body ? String(body.message) : `HTTP ${status}`
    super(`${status}: ${message}`)
  }
}

/** `POST /login` with an email and a password; answers a client that sends the token it got. */
export async function login(config: Omit<ClientConfig, 'token'> & { email: string; password: string }): Promise<BlueRockTEL & { token: string }> {
  const { email, password, ...rest } = config
  const { data, error, response } = await createClient(rest).POST('/login', { body: { email, password } })
  if (!data) throw new ApiError(response.status, error)
  return Object.assign(createClient({ ...rest, token: data.token }), { token: data.token })
}

type Paginated = { data: unknown[]; current_page: number; last_page: number }
/** The GET paths whose answer is a Laravel paginator. */
export type PaginatedPath = {
  [P in keyof paths]: paths[P] extends { get: { responses: { 200: { content: { 'application/json': infer B } } } } } ? (B extends Paginated ? P : never) : never
}[keyof paths]
type AnswerOf<P extends PaginatedPath> = paths[P] extends { get: { responses: { 200: { content: { 'application/json': infer B extends Paginated } } } } } ? B : never
type RowOf<P extends PaginatedPath> = NonNullable<AnswerOf<P>['data']>[number]
/** A page of the list at P: the paginator's keys, with `data` typed as its rows. */
type PageOf<P extends PaginatedPath> = Omit<AnswerOf<P>, 'data'> & { data: RowOf<P>[] }
type ParamsOf<P extends PaginatedPath> = paths[P] extends { get: { parameters: infer Q } } ? Q : never
type PageParams<P extends PaginatedPath> = Omit<ParamsOf<P>, 'query' | 'header' | 'cookie'> & {
  query?: Omit<NonNullable<ParamsOf<P> extends { query?: infer Q } ? Q : never>, 'page'>
}

/** Every page of a paginated list, from the first to `last_page`. */
export async function* pages<P extends PaginatedPath>(client: BlueRockTEL, path: P, params?: PageParams<P>): AsyncGenerator<PageOf<P>> {
  const get = client.GET as (path: string, init: { params: Record<string, unknown> }) => Promise<{ data?: unknown; error?: unknown; response: Response }>
  for (let page = 1; ; page++) {
    const { data, error, response } = await get(path, { params: { ...params, query: { ...params?.query, page } } })
    if (!data) throw new ApiError(response.status, error)
    const answer = data as Paginated
    yield answer as PageOf<P>
    if (answer.current_page >= answer.last_page || answer.data.length === 0) return
  }
}

/** Every row of a paginated list, page after page. */
export async function* rows<P extends PaginatedPath>(client: BlueRockTEL, path: P, params?: PageParams<P>): AsyncGenerator<RowOf<P>> {
  for await (const page of pages(client, path, params)) yield* page.data
}
