// What the app hands every resource router: its clock and Laravel's auth:api guard. Its own module,
// so that the resources depend on this and not on the app that mounts them.
import type { Context } from 'hono'

export type Deps = {
  clock: () => Date
  authenticate: (c: Context) => void
}
