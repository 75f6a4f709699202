// Bundles, pre-packaged sets of catalog items, and their initial (one-time charge) lines (seeds/004).
import type { Schema } from '../spec.js'
import { createRouter } from '../http/routes.js'
import type { Deps } from '../deps.js'
import type { Context } from 'hono'
import { modelDefaults, operationRules } from '../generated/rules.js'
import { Forbidden, NotFound } from '../laravel/errors.js'
import type { QuerySpec } from '../laravel/query.js'
import { toDecimal } from '../laravel/serialize.js'
import { validate, withRules } from '../laravel/validate.js'
import { queryInput, readInput } from '../http/request.js'
import { seesEverything } from '../auth.js'
import { freshTimestamp, saveRow } from '../store/rows/updates.js'
import type { BundleLineRow, LineKind, Store } from '../store/store.js'
import { bindRow, routeId, castDecimals, dropNulls, exists } from './fields.js'
import { pageOf, perPageOf, readListQuery, selectRows, withIncludes } from './list.js'

type Bundle = Schema<'Bundle'>
type BundleLine = Schema<'BundleInitialItem'>
const PER_PAGE = 10
const LINE_MODEL = 'App\\BundleInitialItem'
const KINDS: readonly LineKind[] = ['initial', 'licence', 'recurring']

export const bundleQuery: QuerySpec = {
  filters: { name: 'partial', id: 'exact' },
  sorts: ['id', 'name', 'created_at', 'updated_at'],
  includes: ['items_initial', 'items_licence', 'items_recurring'],
}
export const bundleLineQuery: QuerySpec = {
  filters: { bundle_id: 'exact', item_id: 'exact' },
  sorts: ['id', 'bundle_id', 'item_id', 'created_at', 'updated_at'],
  includes: [],
}

/** The line's bundle and item must exist. */
const LINE_RULES = { bundle_id: [exists('bundles')], item_id: [exists('items')] }
const CREATE_LINE_RULES = withRules(operationRules.createBundleInitialItem, LINE_RULES)
const UPDATE_LINE_RULES = withRules(operationRules.updateBundleInitialItem, LINE_RULES)

/** The line as the API shows it (the kind is which relation it belongs to, not a column). */
const toLine = ({ kind: _kind, ...line }: BundleLineRow): BundleLine => line
/** Quantities and prices at scale 2; a rate, a fraction of the price (0.1 is 10%), at scale 4. */
const castLine = <
  T extends {
    quantity?: number | string
    selling_price_without_tax?: number | string | null
    discount_rate?: number | string | null
  },
>(
  fields: T,
) =>
  castDecimals(
    castDecimals(fields, ['quantity', 'selling_price_without_tax']),
    ['discount_rate'],
    4,
  )

const linesOf = (store: Store, bundleId: number, kind: LineKind) =>
  store.bundleLinesOf(bundleId, kind)

/**
 * Σ quantity × price × (1 − discount_rate) over a bundle's lines of one kind, the price being the
 * line's override or else the item's; exact in integers (scales 2, 2 and 4), rounded half up.
 */
export function sumOf(store: Store, lines: readonly BundleLineRow[]): string {
  const units = (decimal: string | null, scale: number) =>
    BigInt(toDecimal(decimal ?? '0', scale).replace('.', ''))
  let total = 0n // scale 8
  for (const line of lines) {
    const price =
      line.selling_price_without_tax ??
      store.items.get(line.item_id)?.selling_price_without_tax ??
      null
    total += units(line.quantity, 2) * units(price, 2) * (10000n - units(line.discount_rate, 4))
  }
  const negative = total < 0n
  const abs = negative ? -total : total
  const cents = (abs + 500_000n) / 1_000_000n
  const text = `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`
  return negative && cents !== 0n ? `-${text}` : text
}

export function createBundlesRouter(deps: Deps) {
  const router = createRouter({ before: deps.authenticate })
  const now = () => freshTimestamp(deps.clock())

  router.get('/v1/bundles', (c, respond) => {
    const store = c.get('store')
    const query = readListQuery(c, bundleQuery)
    const relations = Object.fromEntries(
      KINDS.map((kind) => [`items_${kind}`, (b: Bundle) => linesOf(store, b.id, kind).map(toLine)]),
    )
    const rows = selectRows(store.bundles.all(), query).map((bundle) => {
      const counts = Object.fromEntries(
        KINDS.map((kind) => [`items_${kind}_count`, linesOf(store, bundle.id, kind).length]),
      )
      return withIncludes(
        { ...bundle, ...counts } as Schema<'BundleListRow'>,
        query.includes,
        relations,
      )
    })
    return respond(200, rows) // seeds/004: "Array of bundle objects with item counts" (not paginated)
  })

  router.post('/v1/bundles', async (c, respond) => {
    const user = c.get('user')
    if (!seesEverything(user)) throw new Forbidden() // seeds/004: "Requires create permission on Item."
    const fields = dropNulls(validate(await readInput(c), operationRules.createBundle), ['active'])
    const stamp = now()
    const bundle = c.get('store').bundles.insert({
      ...modelDefaults.Bundle,
      ...fields,
      user_id: user.id,
      created_at: stamp,
      updated_at: stamp,
    })
    return respond(201, bundle)
  })

  router.get('/v1/bundles/{id}', (c, respond) => {
    const store = c.get('store')
    const bundle = bindRow(c, store.bundles, 'App\\Bundle')
    const sums = Object.fromEntries(
      KINDS.map((kind) => [
        `items_${kind}_sum_selling_price_without_tax`,
        sumOf(store, linesOf(store, bundle.id, kind)),
      ]),
    )
    return respond(200, { ...bundle, ...sums } as Schema<'BundleWithSums'>)
  })

  router.put('/v1/bundles/{id}', async (c, respond) => {
    const store = c.get('store')
    const bundle = bindRow(c, store.bundles, 'App\\Bundle')
    const fields = dropNulls(validate(await readInput(c), operationRules.updateBundle), ['active'])
    return respond(201, saveRow(store.bundles, bundle, fields, deps.clock())) // seeds/004: "Response 201"
  })

  router.delete('/v1/bundles/{id}', (c, respond) => {
    const store = c.get('store')
    const bundle = bindRow(c, store.bundles, 'App\\Bundle')
    store.removeBundle(bundle.id)
    return respond(200, { message: 'The bundle was deleted.' })
  })

  const initialLines = (store: Store) =>
    store.bundle_lines.all().filter((l) => l.kind === 'initial')
  const bindLine = (c: Context) => {
    const line = bindRow(c, c.get('store').bundle_lines, LINE_MODEL)
    if (line.kind !== 'initial') throw new NotFound(LINE_MODEL, routeId(c, 'id'))
    return line
  }

  router.get('/v1/bundle-initial-items', (c, respond) => {
    const store = c.get('store')
    const query = readListQuery(c, bundleLineQuery)
    // The official request collection selects a bundle's lines with a plain `bundle_id`.
    const { bundle_id } = validate(queryInput(c), { bundle_id: ['integer'] })
    const lines =
      bundle_id == null ? initialLines(store) : linesOf(store, Number(bundle_id), 'initial')
    const page = pageOf(c, selectRows(lines, query), perPageOf(c, PER_PAGE))
    return respond(200, { ...page, data: page.data.map(toLine) })
  })

  router.post('/v1/bundle-initial-items', async (c, respond) => {
    const store = c.get('store')
    const fields = castLine(validate(await readInput(c), CREATE_LINE_RULES, { store }))
    const stamp = now()
    const line = store.bundle_lines.insert({
      kind: 'initial',
      ...modelDefaults.BundleInitialItem,
      ...fields,
      created_at: stamp,
      updated_at: stamp,
    })
    return respond(201, toLine(line))
  })

  router.get('/v1/bundle-initial-items/{id}', (c, respond) => respond(200, toLine(bindLine(c))))

  const updateLine = async (c: Context) => {
    const store = c.get('store')
    const line = bindLine(c)
    const fields = dropNulls(castLine(validate(await readInput(c), UPDATE_LINE_RULES, { store })), [
      'bundle_id',
      'item_id',
      'quantity',
    ])
    return toLine(saveRow(store.bundle_lines, line, fields, deps.clock()))
  }
  // seeds/004 "Standard CRUD (resource routes)": Route::resource takes PUT and PATCH alike for update.
  router.put('/v1/bundle-initial-items/{id}', async (c, respond) =>
    respond(200, await updateLine(c)),
  )
  router.patch('/v1/bundle-initial-items/{id}', async (c, respond) =>
    respond(200, await updateLine(c)),
  )

  router.delete('/v1/bundle-initial-items/{id}', (c, respond) => {
    const line = bindLine(c)
    c.get('store').bundle_lines.remove(line.id)
    return respond(200, { message: 'The bundle initial item was deleted.' })
  })

  return router.routes
}
