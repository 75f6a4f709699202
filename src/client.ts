// A typed client of the BlueRockTEL API, for the sandbox and for live instances alike: openapi-fetch
// over the contract's generated `paths`, so a wrong path, parameter or field does not compile. A
// refused request throws an ApiError, so `data` is the answer whenever a call returns.
//
//   const api = await login({ baseUrl: 'http://127.0.0.1:4010/api', email: 'admin@example.com', password: 'admin-password' })
//   const { data } = await api.GET('/v1/customers/{id}', { params: { path: { id: 42 } } })
//   for await (const customer of rows(api, '/v1/customers', { query: { per_page: 100 } })) ...
import createFetchClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch'
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

/**
 * A client that sends the token (if any), `Accept: application/json` and the dialect its types
 * are written in (`X-BlueRockTEL-Dialect: docs`: a sandbox started with `--dialect legacy` then
 * answers the documented names too; a live instance ignores it) with every request.
 */
export function createClient(config: ClientConfig): BlueRockTEL {
  const { token, sandbox, headers, ...options } = config
  const client = createFetchClient<paths>({
    ...options,
    headers: {
      Accept: 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(sandbox ? { 'X-Sandbox': sandbox } : {}),
      ...headers,
      'X-BlueRockTEL-Dialect': 'docs',
    },
  })
  client.use(throwRefusals)
  return client
}

/** Laravel's body of a refusal; the answer's text when it was not JSON (a proxy's error page). */
export type ErrorBody = Schema<'Message'> | Schema<'ValidationError'> | string | undefined
/** Laravel's 422 with the fields that failed: `errors.name` is `['The name field is required.']`. */
export type ValidationApiError = ApiError & {
  status: 422
  body: Schema<'ValidationError'>
  errors: Schema<'ValidationError'>['errors']
}

/** An answer that is not the one asked for: its status and Laravel's body (`message`, and `errors` for a validation error). */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  /** The fields that failed and their messages, when the API refused the input (a 422 with `errors`). */
  readonly errors: Schema<'ValidationError'>['errors'] | undefined
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    const message = body && typeof body === 'object' ? body.message : undefined
    super(`${status}: ${message ?? `HTTP ${status}`}`)
    this.errors = body && typeof body === 'object' && 'errors' in body ? body.errors : undefined
  }
  /** A refused input (422 with `errors`), as opposed to any other refusal (a 422 "in use" has a message only). */
  isValidation(): this is ValidationApiError {
    return this.status === 422 && this.errors !== undefined
  }
}

/** Narrows a caught value to a validation error: `if (isValidationError(e)) e.errors.name`. */
export const isValidationError = (error: unknown): error is ValidationApiError =>
  error instanceof ApiError && error.isValidation()

/** Every answer outside 2xx becomes an ApiError (openapi-fetch itself would answer `{ error }`). */
const throwRefusals: Middleware = {
  async onResponse({ response }) {
    if (response.ok) return undefined
    const text = await response.text()
    let body: ErrorBody
    try {
      body = text === '' ? undefined : (JSON.parse(text) as ErrorBody)
    } catch {
      body = text
    }
    throw new ApiError(response.status, body)
  },
}

/** `POST /login` with an email and a password; answers a client that sends the token it got. */
export async function login(
  config: Omit<ClientConfig, 'token'> & { email: string; password: string },
): Promise<BlueRockTEL & { token: string }> {
  const { email, password, ...rest } = config
  // A refused login has thrown: the answer is the contract's LoginResponse.
  const { token } = (await createClient(rest).POST('/login', { body: { email, password } })).data!
  return Object.assign(createClient({ ...rest, token }), { token })
}

type Paginated = { data: unknown[]; current_page: number; last_page: number }
/** The GET paths whose answer is a Laravel paginator. */
export type PaginatedPath = {
  [P in keyof paths]: paths[P] extends {
    get: { responses: { 200: { content: { 'application/json': infer B } } } }
  }
    ? B extends Paginated
      ? P
      : never
    : never
}[keyof paths]
type AnswerOf<P extends PaginatedPath> = paths[P] extends {
  get: { responses: { 200: { content: { 'application/json': infer B extends Paginated } } } }
}
  ? B
  : never
type RowOf<P extends PaginatedPath> = NonNullable<AnswerOf<P>['data']>[number]
/** A page of the list at P: the paginator's keys, with `data` typed as its rows. */
type PageOf<P extends PaginatedPath> = Omit<AnswerOf<P>, 'data'> & { data: RowOf<P>[] }
type ParamsOf<P extends PaginatedPath> = paths[P] extends { get: { parameters: infer Q } }
  ? Q
  : never
type PageParams<P extends PaginatedPath> = Omit<ParamsOf<P>, 'query' | 'header' | 'cookie'> & {
  query?: Omit<NonNullable<ParamsOf<P> extends { query?: infer Q } ? Q : never>, 'page'>
}

/** Every page of a paginated list, from the first to `last_page`; a refused page throws an ApiError. */
export async function* pages<P extends PaginatedPath>(
  client: BlueRockTEL,
  path: P,
  params?: PageParams<P>,
): AsyncGenerator<PageOf<P>> {
  const get = client.GET as (
    path: string,
    init: { params: Record<string, unknown> },
  ) => Promise<{ data?: unknown }>
  for (let page = 1; ; page++) {
    // A refused page has thrown (ApiError): the answer is the paginator.
    const answer = (await get(path, { params: { ...params, query: { ...params?.query, page } } }))
      .data as Paginated
    yield answer as PageOf<P>
    if (answer.current_page >= answer.last_page || answer.data.length === 0) return
  }
}

/** Every row of a paginated list, page after page. */
export async function* rows<P extends PaginatedPath>(
  client: BlueRockTEL,
  path: P,
  params?: PageParams<P>,
): AsyncGenerator<RowOf<P>> {
  for await (const page of pages(client, path, params)) yield* page.data
}
