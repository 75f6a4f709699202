// Every error as Laravel answers it: the shared Laravel errors with their bodies, Hono's own
// (a 400 for a body cut short), and anything else as the 500 that is always a bug of ours.
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { LaravelError } from '../laravel/errors.js'
import { takeAnswerHeaders } from './answer.js'

export type ErrorAnswer = (error: unknown, c: Context) => Response

/** Error bodies name fields in the request's dialect (`errors.customerAccount`); `toDocs` before a dialect is chosen. */
export function createErrorAnswer(toDocs: (body: unknown) => unknown): ErrorAnswer {
  return (error, c) => {
    const encode = c.get('encode') ?? toDocs
    const [status, body, headers] =
      error instanceof LaravelError
        ? [error.status, encode(error.body()) as object, error.headers]
        : error instanceof HTTPException
          ? [error.status, { message: error.message || 'Bad Request' }, undefined]
          : [500 as const, { message: 'Server Error' }, undefined]
    if (status === 500) console.error(error)
    c.set('answer', body)
    // The headers gathered so far go on the error's answer too.
    return c.json(body, status, { ...takeAnswerHeaders(c), ...headers })
  }
}
