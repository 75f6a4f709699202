// The ceiling of our stack for the sandbox's own answers: a bare Hono app on @hono/node-server
// that answers each recorded request with the bytes the sandbox answered it, reading a POST's body
// first (with `c.req.text()`, as a Hono app does). The benchmark sends it the answers to give
// (`PUT /__answers`) and measures it right after the sandbox, on the same requests. What the
// sandbox spends beyond this app is its own work; what this app spends beyond `/ping` is the
// answer's size.
//
//   node --import tsx bench/replay.ts <port>
import { Hono } from 'hono'
import { serve } from '@hono/node-server'
import { answerKey, type Recorded } from './load.js'

const answers = new Map<string, { status: number; bytes: Uint8Array<ArrayBuffer> }>()
const utf8 = new TextEncoder()

const app = new Hono()
app.get('/ping', (c) => c.json({ status: 'ok' }))
app.put('/__answers', async (c) => {
  for (const [key, { status, body }] of Object.entries(await c.req.json<Recorded>()))
    answers.set(key, { status, bytes: utf8.encode(body) })
  return c.body(null, 204)
})
app.all('*', async (c) => {
  if (c.req.method === 'POST') await c.req.text()
  const url = c.req.url
  const answer = answers.get(
    answerKey(c.req.method, url.slice(url.indexOf('/', url.indexOf('//') + 2))),
  )
  return answer
    ? c.body(answer.bytes, answer.status as 200, { 'Content-Type': 'application/json' })
    : c.json({ message: 'Not recorded' }, 404)
})

serve({ fetch: app.fetch, port: Number(process.argv[2]), hostname: '127.0.0.1' })
