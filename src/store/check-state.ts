// What a state must be to be served: the shape `PUT /__mock/snapshot` takes and a `--db` file must
// hold, checked the same way for both.
import { STATE_VERSION, TABLE_NAMES, type State } from './store.js'

/** A snapshot must be this version's shape: each table it has, an array of rows with distinct integer ids. */
export function checkState(state: unknown): Record<string, string[]> {
  if (!state || typeof state !== 'object')
    return { snapshot: ['The snapshot must be a JSON object.'] }
  const { version, seed, tables } = state as Partial<State>
  const errors: Record<string, string[]> = {}
  if (version !== STATE_VERSION) errors.version = [`The version field must be ${STATE_VERSION}.`]
  if (!Number.isSafeInteger(seed)) errors.seed = ['The seed field must be an integer.']
  if (!tables || typeof tables !== 'object') errors.tables = ['The tables field must be an object.']
  else
    for (const name of TABLE_NAMES) {
      const rows = (tables as Record<string, unknown>)[name]
      if (rows === undefined) continue // a table the snapshot does not have starts empty
      const ids = Array.isArray(rows)
        ? rows.map((r) => (r && typeof r === 'object' ? (r as { id?: unknown }).id : undefined))
        : []
      if (
        !Array.isArray(rows) ||
        !ids.every((id) => Number.isSafeInteger(id) && (id as number) > 0) ||
        new Set(ids).size !== ids.length
      )
        errors[`tables.${name}`] = [
          `The tables.${name} field must be an array of rows with distinct positive integer ids.`,
        ]
    }
  // Without a user no token is accepted: a sandbox that answers 401 to everything is no sandbox.
  if (
    tables &&
    typeof tables === 'object' &&
    !errors['tables.users'] &&
    !(tables as Record<string, unknown[] | undefined>).users?.length
  )
    errors['tables.users'] = ['The tables.users field must hold at least one user.']
  return errors
}
