// The request collection's resources, served from the contract alone: a route for each operation
// marked `x-source: collection`, whose `x-action` picks what it does. A resource is its contract
// (its paths, its model with `x-table`, its request schemas) and a row of seed data; no file here
// names one.
import { createRouter, type Answer } from '../../http/routes.js'
import type { Deps } from '../../deps.js'
import { toTimestamp } from '../../laravel/serialize.js'
import { collectionOperations, type CollectionOperation } from './operations.js'
import { bindRecord, labelOf, storeRecord, tableOf, updateRecord, type Ctx } from './records.js'
import { listRecords, ticketStats } from './lists.js'
import {
  accountByNumber,
  accountsOf,
  associate,
  coworkersOf,
  fileOf,
  listValues,
  notify,
  ownerOf,
  pivotMember,
  pivotMembers,
} from './actions.js'

type Action = (ctx: Ctx) => unknown

/** What each `x-action` does; its answer's status is the operation's success status. */
const ACTIONS: Record<string, Action> = {
  index: listRecords,
  show: bindRecord,
  store: storeRecord,
  update: async (ctx) => updateRecord(ctx, await bindRecord(ctx)),
  set: async (ctx) => updateRecord(ctx, await bindRecord(ctx)),
  destroy: async (ctx) => {
    const row = await bindRecord(ctx)
    tableOf(ctx.c, ctx.op.table).remove(row.id)
    return { message: `The ${labelOf(ctx.op.className)} was deleted.` }
  },
  values: listValues,
  stats: ticketStats,
  content: fileOf,
  members: (ctx) => pivotMembers(ctx),
  attach: (ctx) => pivotMembers(ctx, 'attach'),
  sync: (ctx) => pivotMembers(ctx, 'sync'),
  detach: (ctx) => pivotMembers(ctx, 'detach'),
  member: (ctx) => pivotMember(ctx, false),
  unmember: (ctx) => {
    pivotMember(ctx, true)
    return { message: `The ${ctx.op.pivot!.related.replace(/s$/, '')} was removed.` }
  },
  associate,
  owner: ownerOf,
  coworkers: coworkersOf,
  accounts: accountsOf,
  number: accountByNumber,
  notify,
}

export function createCollectionRouter(deps: Deps) {
  const router = createRouter({ before: deps.authenticate })
  const now = () => toTimestamp(deps.clock())
  const serve = (op: CollectionOperation, action: Action) => (c: Ctx['c']) => {
    const result = action({ c, op, now })
    const answer = (body: unknown): Answer => ({ status: op.status, body })
    return result instanceof Promise ? result.then(answer) : answer(result)
  }
  for (const op of collectionOperations()) {
    const action = ACTIONS[op.action]
    if (!action) throw new Error(`${op.id}: no action ${op.action}`)
    router.route(op.method, op.path, serve(op, action))
  }
  return router.routes
}
