// `--durability strict`: a write to the main sandbox is on disk before it is answered.
import type { Context } from 'hono'
import { WriteRefused } from '../laravel/errors.js'
import type { Persistence } from '../store/persist.js'
import type { State } from '../store/store.js'
import type { ErrorAnswer } from './error-answer.js'

export type Durable = (c: Context, run: () => Response | Promise<Response>) => Promise<Response>

/**
 * Runs a write to the main sandbox, then puts it on disk; if that fails, the state goes back to
 * what the file holds (`restore`), and the write answers 503. Strict writes run one at a time: a
 * write that cannot be made durable is undone, and must not take another's with it.
 */
export function createDurable(
  strict: Persistence<State>,
  restore: (state: State) => void,
  errorAnswer: ErrorAnswer,
): Durable {
  let turn: Promise<unknown> = Promise.resolve()
  return (c, run) => {
    const mine = turn.then(async () => {
      let res: Response
      try {
        res = await run()
      } catch (error) {
        res = errorAnswer(error, c)
      }
      try {
        await strict.flush()
        return res
      } catch {
        const kept = strict.durableState()
        if (kept) restore(kept)
        return errorAnswer(new WriteRefused(strict.failure() ?? 'the write failed'), c)
      }
    })
    turn = mine.catch(() => undefined)
    return mine
  }
}
