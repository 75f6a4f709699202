// Every documented paginated list (each GET whose answer the contract builds on Paginator): Laravel's
// LengthAwarePaginator in full on a middle page, on a page past the end, and walking next_page_url
// to the last page, counting `total` rows.
import { it } from 'vitest'
import { loadDocument } from '../conforms.js'
import { resourceName } from '../config.js'
import { kit, verify, describeResource, prerequisite, Unavailable } from '../suite.js'
import { checkPage, checkPastTheEnd, isPaginator, walkToEnd } from '../paginator.js'

const document = loadDocument() as { paths: Record<string, Record<string, any>> }
const lists = Object.entries(document.paths)
  .filter(([, item]) =>
    isPaginator(item.get?.responses?.['200']?.content?.['application/json']?.schema),
  )
  .map(([path, item]) => ({ path, resource: resourceName(item.get.tags[0] as string) }))

/** A customer id of the instance, for the lists under /v1/customers/{customer}. */
const customerId = prerequisite('customers', 'a customer listed by GET /v1/customers', async () => {
  const page = await kit.get('/v1/customers', { query: { per_page: 1 } })
  verify(page, 'seeds/000').status(200)
  if (!page.body.data[0]) throw new Unavailable('no customer')
  return page.body.data[0].id as number
})
const concrete = async (path: string) =>
  path.includes('{') ? path.replace(/\{[^}]+\}/, String(await customerId())) : path

for (const { path, resource } of lists) {
  describeResource(resource, `the paginator of GET ${path}`, () => {
    it("answers a middle page with the 13 keys in order, its arithmetic, URLs on the host and path requested, and Laravel's links", async () => {
      const url = await concrete(path)
      const first = await kit.get(url, { query: { per_page: 2 } })
      verify(first, 'Laravel LengthAwarePaginator').status(200)
      const page = Math.min(2, first.body.last_page ?? 1)
      const middle = page === 1 ? first : await kit.get(url, { query: { per_page: 2, page } })
      checkPage(kit, middle, 2, page)
    })

    it('answers a page past the end with no rows, from and to null, the same total', async () => {
      await checkPastTheEnd(kit, await concrete(path), {})
    })

    it('walking next_page_url to the end counts `total` rows, each once', async () => {
      await walkToEnd(kit, await concrete(path))
    })
  })
}
