// What every suite shares: the kit for this run, its assertions, whether a resource is selected,
// and how a test depends on a record (found on the instance or created by the run) without
// turning one failed request into a cascade of misleading failures.
import { beforeEach, describe, type TestContext } from 'vitest'
import { createKit, type Answer, type Kit } from './client.js'
import { CheckFailure, describeAnswer } from './checks.js'

export const kit: Kit = createKit()
export const { verify } = kit
const { only, profile, beyondDocs } = kit.config

let current: TestContext | null = null
/** Remembers the running test, so that a prerequisite can report it blocked. */
const track = () =>
  beforeEach((context) => {
    current = context
  })

/** `describe` for one or more resources (tags in kebab-case), skipped when `--only` leaves them all out; null for every run. */
export const describeResource = (
  resources: string | string[] | null,
  name: string,
  fn: () => void,
) =>
  describe.skipIf(
    resources !== null && only !== null && ![resources].flat().some((r) => only.includes(r)),
  )(name, () => {
    track()
    fn()
  })

/** `describeResource` for operations beyond the documentation (x-source): run with --beyond-docs only. */
export const describeBeyondDocs = (resources: string | string[], name: string, fn: () => void) =>
  beyondDocs ? describeResource(resources, name, fn) : describe.skip(name, fn)

/** `describe` for what only the full profile may send (writes). */
export const describeWrites = (name: string, fn: () => void) =>
  describe.runIf(profile === 'full')(name, fn)

/** The instance has nothing to check this with (no customer with a phone, no bundle): the test is skipped, saying so. */
export class Unavailable extends Error {}

/** The request line of a failure: `POST http://host/api/v1/families with body {...} -> 500`. */
const requestOf = (error: unknown) => {
  const message = error instanceof Error ? error.message : String(error)
  return /^(.*? -> \d{3})/.exec(message)?.[1] ?? message.split('\n')[0]!
}

const failedSetups = new Map<string, string>()

/**
 * Sends a request a test needs (a record it creates) and checks its status. The first failure of
 * a setup is reported once, as a failure naming the request; every later test that needs the same
 * setup is reported *blocked* by that request (and sends nothing), not as a failure of its own.
 */
export async function setup(
  resource: string,
  what: string,
  send: () => Promise<Answer>,
  status = 201,
): Promise<any> {
  const key = `${resource} ${what}`
  const failed = failedSetups.get(key)
  if (failed) return current!.skip(`blocked by ${failed}`)
  const fail = (line: string, message: string): never => {
    failedSetups.set(key, line)
    kit.blocked(resource, line)
    throw new CheckFailure(
      `${message}\n    (setup: ${what}; the tests that need it are reported blocked)`,
    )
  }
  let answer: Answer
  try {
    answer = await send()
  } catch (error) {
    return fail(requestOf(error), error instanceof Error ? error.message : String(error))
  }
  if (answer.status !== status)
    fail(
      describeAnswer(answer),
      `${describeAnswer(answer)}: status ${answer.status}, expected ${status}\n    answer: ${JSON.stringify(answer.body)?.slice(0, 240)}`,
    )
  return answer.body
}

/**
 * Something several tests need, fetched once when the first of them runs. When fetching fails,
 * that test fails with the request that failed and the others are reported blocked by it.
 */
export function prerequisite<T>(
  resource: string,
  what: string,
  produce: () => Promise<T>,
): () => Promise<T> {
  let promise: Promise<T> | undefined
  let reported = false
  return async () => {
    promise ??= produce()
    try {
      return await promise
    } catch (error) {
      if (error instanceof Unavailable) return current!.skip(`the instance has ${error.message}`)
      if (reported) return current!.skip(`blocked by ${requestOf(error)}`)
      reported = true
      kit.blocked(resource, requestOf(error))
      throw error instanceof CheckFailure
        ? new CheckFailure(
            `${error.message}\n    (setup: ${what}; the tests that need it are reported blocked)`,
          )
        : error
    }
  }
}

/** A number no instance uses as an id. */
export const UNKNOWN_ID = 2_000_000_000

/** Swaps the case of each letter ("Acme" -> "aCME"), to check a match that must ignore case (MySQL's collation). */
export const swapCase = (text: string) =>
  [...text].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('')
