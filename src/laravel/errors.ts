// Laravel's error answers. Deep code throws these; one onError turns them into Laravel's bodies.
import { IN_LEGACY, type Dialect } from '../dialect.js'

export type ErrorBody = {
  message: string
  errors?: Record<string, string[]>
  [IN_LEGACY]?: () => ErrorBody
}

export class LaravelError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 413 | 422 | 429 | 500 | 503,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }
  body(): ErrorBody {
    return { message: this.message }
  }
}

export class Unauthenticated extends LaravelError {
  constructor() {
    super(401, 'Unauthenticated.')
  }
}

export class Forbidden extends LaravelError {
  constructor(message = 'This action is unauthorized.') {
    super(403, message)
  }
}

/** `findOrFail($id)`: the model class and the id, no final period; `firstOrFail()`: a period, no id. */
export class NotFound extends LaravelError {
  constructor(model: string, id?: string | number) {
    super(
      404,
      id === undefined
        ? `No query results for model [${model}].`
        : `No query results for model [${model}] ${id}`,
    )
  }
}

export class RouteNotFound extends LaravelError {
  constructor(path: string) {
    super(404, `The route ${path.replace(/^\/+|\/+$/g, '')} could not be found.`)
  }
}

export class MethodNotAllowed extends LaravelError {
  constructor(method: string, path: string, allowed: string[]) {
    super(
      405,
      `The ${method} method is not supported for route ${path.replace(/^\/+|\/+$/g, '')}. Supported methods: ${allowed.join(', ')}.`,
      { Allow: allowed.join(', ') },
    )
  }
}

/** spatie/laravel-query-builder's InvalidFilterQuery, InvalidSortQuery, InvalidIncludeQuery. */
export class BadQuery extends LaravelError {
  /** `say` words the message in a dialect: its "Allowed ..." list names the dialect's own names. */
  constructor(private readonly say: (dialect: Dialect) => string) {
    super(400, say('docs'))
  }
  // The thrower does not know the answer's dialect; the edge that renames the answer does (dialect.ts).
  override body(): ErrorBody {
    return { message: this.message, [IN_LEGACY]: () => ({ message: this.say('legacy') }) }
  }
}

/** A well-formed request refused because the record is in use (a 422 with a message only). */
export class Refused extends LaravelError {
  constructor(message: string) {
    super(422, message)
  }
}

export class PayloadTooLarge extends LaravelError {
  constructor() {
    // The rest of the body is never read, so the connection cannot carry another request: say so,
    // or a keep-alive client sends its next request on a connection the server is closing.
    super(413, 'The request body is too large.', { Connection: 'close' })
  }
}

/** A write the sandbox could not make durable (its `--db` file cannot be written): nothing was changed. */
export class WriteRefused extends LaravelError {
  constructor(reason: string) {
    super(
      503,
      `The sandbox cannot write its state file (${reason}); nothing was changed. Try again once it can.`,
      { 'Retry-After': '1' },
    )
  }
}

/** Laravel's ValidationException: the first message, "(and N more errors)", every message per field. */
export class ValidationFailed extends LaravelError {
  constructor(readonly errors: Record<string, string[]>) {
    super(422, summarize(errors))
  }
  override body(): ErrorBody {
    return { message: this.message, errors: this.errors }
  }
}

export function summarize(errors: Record<string, string[]>): string {
  const messages = Object.values(errors).flat()
  const first = messages[0] ?? 'The given data was invalid.'
  const more = messages.length - 1
  return more > 0 ? `${first} (and ${more} more ${more === 1 ? 'error' : 'errors'})` : first
}
