// GET /docs in a real browser (Debian's Chromium, driven by playwright-core): the page lists the
// contract's operations, and "Try it out" on GET /v1/customers gets a 200 from the sandbox itself,
// in the names of the contract the page shows.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { existsSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'
import { startSandbox, stopAll, type Started } from './spawn-sandbox.js'

const CHROMIUM = '/usr/bin/chromium'
// .ci/run installs chromium and sets BLUEROCKTEL_REQUIRE_TOOLS; elsewhere the test runs when it is there.
const runs = existsSync(CHROMIUM) || Boolean(process.env.BLUEROCKTEL_REQUIRE_TOOLS)

describe.runIf(runs)('GET /docs in Chromium', () => {
  let sandbox: Started
  let legacySandbox: Started
  let browser: Browser

  beforeAll(async () => {
    ;[sandbox, legacySandbox] = await Promise.all([
      startSandbox(['--db', ':memory:', '--log', 'none']),
      startSandbox(['--db', ':memory:', '--log', 'none', '--dialect', 'legacy']),
    ])
    // A fresh profile each launch (playwright's); the machine's network is closed, so no background connections.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await stopAll()
  })

  it('lists the operations of the contract and the server, "Try it out" on GET /v1/customers shows a 200, and the link to the legacy dialect shows its contract, Execute answering in its names', async () => {
    const page = await browser.newPage()
    await page.goto(`${sandbox.base}/docs`)
    const operation = page.locator('#operations-Customers-listCustomers')
    await operation.waitFor({ timeout: 60_000 })
    expect(await page.locator('.opblock').count()).toBeGreaterThan(50)
    expect(await page.locator('.opblock-summary-path').allInnerTexts()).toEqual(
      expect.arrayContaining(['/v1/customers', '/v1/items', '/v1/customer-files/{id}']),
    )

    await operation.locator('.opblock-summary').click()
    await operation.locator('button.execute').click()
    const status = operation.locator('.live-responses-table tbody .response-col_status').first()
    await status.waitFor({ timeout: 60_000 })
    expect((await status.innerText()).trim()).toBe('200')
    expect(
      await operation.locator('.live-responses-table tbody .microlight').first().innerText(),
    ).toContain('"current_page": 1')
    // The operations beyond the documentation (x-source) come after every documented tag, apart.
    const tags = await page
      .locator('h3.opblock-tag')
      .evaluateAll((all) => all.map((h) => h.getAttribute('data-tag') ?? ''))
    const firstBeyond = tags.findIndex((t) => t.startsWith('Beyond the docs'))
    expect(tags.slice(0, firstBeyond)).toEqual(expect.arrayContaining(['Customers', 'Invoices']))
    expect(tags.slice(firstBeyond)).toEqual(
      expect.arrayContaining(['Beyond the docs (PHP SDK) · Prospects']),
    )
    expect(tags.slice(firstBeyond).every((t) => t.startsWith('Beyond the docs'))).toBe(true)
    // The server with its description as plain text.
    const servers = page.locator('.servers select option')
    expect(await servers.allTextContents()).toEqual([
      '/api - The API root of this instance (https://your-instance.bluerocktel.net/api on a live one)',
    ])
    if (process.env.DOCS_SCREENSHOT)
      await page.screenshot({ path: process.env.DOCS_SCREENSHOT, fullPage: false })

    // The request collection's operations are on a page of their own (src/app.test.ts checks its contract).
    expect(await page.locator('#other-part').getAttribute('href')).toBe(
      '/docs?dialect=docs&part=collection',
    )

    // The link to the other dialect: its contract, and Execute answers in its names.
    await page.locator('#other-dialect').click()
    const legacy = await titleAndAnswer(page)
    expect(legacy.title).toContain('(legacy dialect)')
    expect(legacy.answer).toContain('"customerAccount"')
  }, 180_000)

  /** The contract's title and the answer of "Try it out" on GET /v1/customers, as the page shows them. */
  async function titleAndAnswer(page: Page) {
    const operation = page.locator('#operations-Customers-listCustomers')
    await operation.waitFor({ timeout: 60_000 })
    await operation.locator('.opblock-summary').click()
    await operation.locator('button.execute').click()
    const answer = operation.locator('.live-responses-table tbody .microlight').first()
    await answer.waitFor({ timeout: 60_000 })
    return {
      title: await page.locator('.info .title').innerText(),
      answer: await answer.innerText(),
    }
  }

  // A sandbox started with --dialect legacy, over HTTP: the page it serves asks for the legacy
  // contract and sends its header, and the docs one when asked. The browser's part of that (a page
  // of the other dialect drawn, Execute answering in its names) is the first test's; drawing 400
  // operations again for each would only repeat it.
  it.each([
    ['', 'legacy', '"customerAccount"'],
    ['?dialect=docs', 'docs', '"customer_account"'],
  ] as const)(
    'a sandbox started with --dialect legacy serves the page of /docs%s: the %s contract, and its answers',
    async (query, dialect, name) => {
      const html = await fetch(`${legacySandbox.base}/docs${query}`).then((r) => r.text())
      expect(html).toContain(`url: '/docs/contract.json?dialect=${dialect}'`)
      expect(html).toContain(`request.headers['X-BlueRockTEL-Dialect'] = '${dialect}'`)
      const contract = await fetch(
        `${legacySandbox.base}/docs/contract.json?dialect=${dialect}`,
      ).then((r) => r.json() as Promise<{ info: { title: string } }>)
      expect(contract.info.title.includes('(legacy dialect)')).toBe(dialect === 'legacy')
      const answer = await fetch(`${legacySandbox.base}/api/v1/customers?per_page=1`, {
        headers: {
          Authorization: 'Bearer sandbox-demo-token',
          Accept: 'application/json',
          'X-BlueRockTEL-Dialect': dialect,
        },
      }).then((r) => r.text())
      expect(answer).toContain(name)
    },
  )
})
