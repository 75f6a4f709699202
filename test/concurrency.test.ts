// Concurrency over real HTTP against a started sandbox: many requests in flight at once over a pool
// of keep-alive connections. Creates never share an id or an account, concurrent updates of one
// record leave it equal to one of the writes (never a mix of two), and a sync of a customer's
// services is seen whole or not at all by the reads racing it.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { startSandbox, stopAll, type Started } from './spawn-sandbox.js'
import { createClient, runPool } from './http-client.js'
import { open } from './raw-http.js'

const CONNECTIONS = 50
let sandbox: Started

beforeAll(async () => {
  sandbox = await startSandbox(['--db', ':memory:'])
})
afterAll(stopAll)

describe('concurrent requests over real HTTP', () => {
  it(`gives 500 concurrent creates over ${CONNECTIONS} connections 500 distinct ids and customer_accounts (seeds/000)`, async () => {
    const client = createClient(sandbox.base, { connections: CONNECTIONS })
    const answers = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        client.send('POST', '/api/v1/customers', { name: `Concurrent ${i}` }),
      ),
    )
    expect(client.connections()).toBe(CONNECTIONS)
    client.close()
    expect(answers.map((a) => a.status).filter((s) => s !== 201)).toEqual([])
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(500)
    expect(new Set(answers.map((a) => a.body.customer_account)).size).toBe(500)
    for (const { body } of answers)
      expect(body.customer_account).toBe(`CL${String(body.id).padStart(6, '0')}`)
  })

  it('leaves a record updated by 300 concurrent PUTs equal to one of them, field by field, and so is every answer', async () => {
    const client = createClient(sandbox.base, { connections: CONNECTIONS })
    const write = (i: number) => ({
      name: `Writer ${i}`,
      email_address: `writer${i}@example.com`,
      phone: `+3310000${String(i).padStart(4, '0')}`,
      main_address_city: `City ${i}`,
      vip: i % 2 === 0,
    })
    const fieldsOf = (c: Record<string, unknown>) => ({
      name: c.name,
      email_address: c.email_address,
      phone: c.phone,
      main_address_city: c.main_address_city,
      vip: c.vip,
    })
    const writerOf = (c: Record<string, unknown>) =>
      Number(/^Writer (\d+)$/.exec(String(c.name))?.[1] ?? -1)
    const reads: Record<string, unknown>[] = []
    await Promise.all([
      ...Array.from({ length: 300 }, async (_, i) => {
        const answer = await client.send('PUT', '/api/v1/customers/42', write(i))
        expect(answer.status).toBe(200)
        expect(fieldsOf(answer.body)).toEqual(write(writerOf(answer.body)))
      }),
      runPool(100, 5, async () => {
        const answer = await client.send('GET', '/api/v1/customers/42')
        if (writerOf(answer.body) >= 0) reads.push(answer.body)
      }),
    ])
    const final = (await client.send('GET', '/api/v1/customers/42')).body
    client.close()
    expect(writerOf(final)).toBeGreaterThanOrEqual(0)
    expect(fieldsOf(final)).toEqual(write(writerOf(final)))
    for (const read of reads) expect(fieldsOf(read)).toEqual(write(writerOf(read)))
  })

  it("never shows a mixed set of a customer's services to GETs racing 250 syncs (seeds/003: sync replaces the whole set)", async () => {
    const client = createClient(sandbox.base, { connections: CONNECTIONS })
    const idsOf = (answer: { body: { data: { id: number }[] } }) =>
      JSON.stringify(answer.body.data.map((s) => s.id))
    const before = idsOf(await client.send('GET', '/api/v1/customers/101/services'))
    // Not []: `services` is required, and Laravel's required refuses an empty array (seeds/003).
    const sets = [[1, 3, 7], [2, 4, 5, 6], [1]]
    const seen = new Set<string>()
    let syncing = 0
    let raced = 0
    // Every connection alternates a sync and a read, so reads keep starting while syncs are in flight.
    await runPool(500, CONNECTIONS, async (i) => {
      if (i % 2) {
        syncing++
        const answer = await client.send('POST', '/api/v1/customers/101/services', {
          services: sets[i % sets.length],
        })
        syncing--
        expect(answer.status).toBe(201)
        return
      }
      if (syncing > 0) raced++
      seen.add(idsOf(await client.send('GET', '/api/v1/customers/101/services')))
    })
    client.close()
    expect(raced, 'reads that started while a sync was in flight').toBeGreaterThan(0)
    const allowed = new Set([before, ...sets.map((s) => JSON.stringify(s))])
    expect([...seen].filter((ids) => !allowed.has(ids))).toEqual([])
  })

  it('answers every large answer whole and its own, while a client that does not read keeps its answers waiting', async () => {
    // Answers of some kilobytes and more are written from buffers used again once an answer is out.
    const client = createClient(sandbox.base, { connections: CONNECTIONS })
    const pages = [1, 2, 3, 4, 5, 6].map((page) => `/api/v1/customers?per_page=100&page=${page}`)
    const everyone = '/api/v1/customers?per_page=1000'
    const expected = new Map<string, string>()
    for (const path of [...pages, everyone])
      expected.set(path, JSON.stringify((await client.send('GET', path)).body))
    expect(expected.get(everyone)!.length).toBeGreaterThan(500_000)

    // A client that does not read: the first answers fill what the kernel holds for its socket
    // (some 4 MB), so the pages asked after them wait in the server, in their buffers.
    const slow = await open(Number(new URL(sandbox.base).port))
    slow.pause()
    const received: Buffer[] = []
    slow.on('data', (chunk: Buffer) => received.push(chunk))
    const asked = [...Array.from({ length: 8 }, () => everyone), ...pages]
    const request = (path: string) =>
      `GET ${path} HTTP/1.1\r\nHost: ${new URL(sandbox.base).host}\r\nAuthorization: Bearer sandbox-admin-token\r\nAccept: application/json\r\n\r\n`
    slow.write(asked.map(request).join(''))
    await new Promise((resolve) => setTimeout(resolve, 200))

    // Meanwhile others ask pages of the same sizes.
    const mismatched: number[] = []
    await runPool(300, CONNECTIONS, async (i) => {
      const path = pages[(i * 7) % pages.length]!
      const answer = await client.send('GET', path)
      if (answer.status !== 200 || JSON.stringify(answer.body) !== expected.get(path))
        mismatched.push(i)
    })
    client.close()
    expect(mismatched).toEqual([])

    // Now the slow client reads: each of its answers is the one it asked for.
    const bodies: string[] = []
    slow.resume()
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the slow client got ${bodies.length} answers of ${asked.length}`)),
        10_000,
      )
      const parse = () => {
        let all = Buffer.concat(received)
        for (;;) {
          const end = all.indexOf('\r\n\r\n')
          if (end < 0) break
          const length = Number(
            /content-length: (\d+)/i.exec(all.subarray(0, end).toString('latin1'))?.[1],
          )
          if (all.length < end + 4 + length) break
          bodies.push(all.subarray(end + 4, end + 4 + length).toString('utf8'))
          all = all.subarray(end + 4 + length)
        }
        received.length = 0
        received.push(all)
        if (bodies.length === asked.length) {
          clearTimeout(timer)
          resolve()
        }
      }
      slow.on('data', parse)
      parse()
    })
    slow.destroy()
    expect(
      bodies.map((body, i) => (body === expected.get(asked[i]!) ? 'same' : `${asked[i]} differs`)),
    ).toEqual(asked.map(() => 'same'))
  })
})
