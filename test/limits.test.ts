// The limits that keep one client from hurting the others, over real HTTP against a started
// sandbox: request bodies up to 1 MiB (413 beyond, with or without a Content-Length), per_page up
// to 1000, headers within 10 s (a slow client is dropped with 408), and malformed HTTP or garbage
// refused at the door while everyone else is still answered.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { request } from 'node:http'
import { randomBytes } from 'node:crypto'
import { startSandbox, stopAll, type Started } from './spawn-sandbox.js'
import { createTestSandbox } from './sandbox.js'
import { open, outcome, sendRaw, trickle } from './raw-http.js'

const MIB = 1024 * 1024
const HEADERS_TIMEOUT_MS = 10_000
/** "Promptly": a generous bound, for a loaded machine; an answer held behind a slow client would miss it. */
const PROMPT_MS = 5_000
const auth = { Authorization: 'Bearer sandbox-admin-token', Accept: 'application/json' }
let sandbox: Started

beforeAll(async () => {
  sandbox = await startSandbox(['--db', ':memory:'])
})
afterAll(stopAll)

const version = () =>
  fetch(`${sandbox.base}/api/version`, { signal: AbortSignal.timeout(PROMPT_MS) }).then(
    (r) => r.status,
  )

/** POSTs `total` bytes of a JSON body in chunks, without a Content-Length; resolves with the answer, which may come before the upload ends. */
function postChunked(
  path: string,
  total: number,
): Promise<{ status: number; body: any; contentType: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, sandbox.base),
      { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' } },
      (res) => {
        let text = ''
        res.on('data', (chunk: Buffer) => (text += chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(text),
            contentType: res.headers['content-type'],
          }),
        )
      },
    )
    req.on('error', () => {}) // the server may close the connection once it has answered
    const chunk = Buffer.alloc(64 * 1024, 'x')
    req.write('{"name": "')
    let sent = 0
    const pump = () => {
      while (sent < total) {
        sent += chunk.length
        if (!req.write(chunk)) return void req.once('drain', pump)
      }
      req.end('"}')
    }
    pump()
    req.once('close', () => reject(new Error('no answer to the chunked upload')))
  })
}

describe('the request body limit (1 MiB)', () => {
  it('answers 413 with a Laravel-like JSON body to a body over 1 MiB with a Content-Length', async () => {
    const res = await fetch(`${sandbox.base}/api/v1/customers`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(MIB) }),
    })
    expect(res.status).toBe(413)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await res.json()).toEqual({ message: 'The request body is too large.' })
    // The unread body ends the connection, and the answer says so: the client's next request goes on a new one.
    expect(res.headers.get('connection')).toBe('close')
    expect(await version()).toBe(200)
  })

  it('answers 413 to a chunked body without Content-Length once it passes 1 MiB, before the upload ends', async () => {
    // Ten times: the answer must reach a client that is still uploading every time. Closing the
    // connection at once resets it, and the client then loses the answer about one time in five.
    for (let i = 0; i < 10; i++) {
      const answer = await postChunked('/api/v1/customers', 8 * MIB)
      expect(answer.status).toBe(413)
      expect(answer.contentType).toMatch(/^application\/json/)
      expect(answer.body).toEqual({ message: 'The request body is too large.' })
    }
    expect(await version()).toBe(200)
  })

  it('logs a body cut short by a client that went away as a 400, and keeps answering', async () => {
    const socket = await open(sandbox.port)
    socket.write(
      `POST /api/v1/customers HTTP/1.1\r\nHost: sandbox\r\nAuthorization: ${auth.Authorization}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"name":`,
    )
    await new Promise((resolve) => setTimeout(resolve, 100))
    socket.destroy()
    expect(await version()).toBe(200)
    const log = (await fetch(`${sandbox.base}/__mock/requests?limit=5`, { headers: auth }).then(
      (r) => r.json(),
    )) as { data: { method: string }[] }
    expect(log.data.filter((entry) => entry.method === 'POST').at(-1)).toMatchObject({
      path: '/api/v1/customers',
      status: 400,
      response_body: { message: 'The request body ended before it was complete.' },
    })
  })

  it('reads a chunked body under 1 MiB as usual (a 422 for a name too long, not a 413)', async () => {
    const answer = await postChunked('/api/v1/customers', MIB - 128 * 1024)
    expect(answer.status).toBe(422)
    expect(answer.body.errors.name).toEqual([
      'The name field must not be greater than 255 characters.',
    ])
  })
})

describe('per_page', () => {
  it('is capped at 1000 rows per page on the lists that read it', async () => {
    const s = createTestSandbox()
    const page = await s.get('/api/v1/families?per_page=5000')
    expect(page.status).toBe(200)
    expect(page.body.per_page).toBe(1000)
  })

  it('answers 422 above 1000 on /v1/customers, which validates its page size', async () => {
    const s = createTestSandbox()
    const answer = await s.get('/api/v1/customers?per_page=1001')
    expect(answer.status).toBe(422)
    expect(answer.body.errors).toEqual({ per_page: ['The selected per page is invalid.'] })
    expect((await s.get('/api/v1/customers?per_page=1000')).body.per_page).toBe(1000)
  })
})

describe('slow and broken clients', () => {
  it(`drops clients that send their headers slowly (408 after the ${HEADERS_TIMEOUT_MS / 1000} s headersTimeout), answering the others promptly meanwhile`, async () => {
    const opened = performance.now()
    const slow = await Promise.all(Array.from({ length: 20 }, () => open(sandbox.port)))
    const dropped = slow.map((socket) => outcome(socket))
    for (const socket of slow)
      trickle(socket, 'GET /api/v1/customers HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ', 200)
    // A client trickling garbage too, opening a new connection each time it is thrown out.
    let trickling = true
    const garbage = (async () => {
      while (trickling) {
        const socket = await open(sandbox.port)
        const done = outcome(socket)
        trickle(socket, randomBytes(64).toString('latin1'), 50)
        await done
      }
    })()
    try {
      for (let i = 0; i < 40; i++) expect(await version()).toBe(200)
      const results = await Promise.all(dropped)
      expect(results.every((r) => r.status === 408)).toBe(true)
      expect(results.map((r) => r.body)).toEqual(
        results.map(() => JSON.stringify({ message: 'Request Timeout' })),
      )
      // The headers timeout plus Node's check interval (1 s), generously: the slow clients do not stay.
      expect(performance.now() - opened).toBeLessThan(HEADERS_TIMEOUT_MS + 5_000)
      expect(await version()).toBe(200)
    } finally {
      trickling = false
      await garbage
    }
  }, 30_000)

  it.each<[string, string | Buffer, number[]]>([
    ['random bytes', randomBytes(4096), [400]],
    [
      'a bad Content-Length',
      'POST /api/v1/customers HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
      [400],
    ],
    [
      'both Content-Length and Transfer-Encoding',
      'POST /api/v1/customers HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      [400],
    ],
    [
      'a bad chunk size',
      'POST /api/v1/customers HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n',
      [400],
    ],
    [
      'headers over 16 KiB',
      `GET /api/version HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      [431],
    ],
    ['a NUL in a header', 'GET /api/version HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0000b\r\n\r\n', [400]],
  ])(
    'refuses %s with a 4xx in JSON, and keeps answering everyone else',
    async (_name, payload, statuses) => {
      const [result] = await Promise.all([
        sendRaw(sandbox.port, payload),
        ...Array.from({ length: 10 }, version),
      ])
      expect(statuses).toContain(result.status)
      // The error every other answer has: `{"message": ...}`, Laravel's rendering of an HttpException.
      expect(JSON.parse(result.body ?? '')).toEqual({
        message: result.status === 431 ? 'Request Header Fields Too Large' : 'Bad Request',
      })
      expect(await version()).toBe(200)
    },
  )

  it('keeps answering while clients pour garbage bytes at it', async () => {
    const flood = Array.from({ length: 50 }, () => sendRaw(sandbox.port, randomBytes(256 * 1024)))
    const answers = await Promise.all(Array.from({ length: 50 }, version))
    const results = await Promise.all(flood)
    expect(answers.every((status) => status === 200)).toBe(true)
    expect(results.every((r) => r.closed && (r.status === null || r.status === 400))).toBe(true)
    const health = await fetch(`${sandbox.base}/__mock/health`)
    expect(health.status).toBe(200)
  })
})
