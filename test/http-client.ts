// A plain HTTP/1.1 client over a bounded pool of keep-alive connections, for the tests that load a
// started sandbox: it counts the connections it opened, so a test can say how many it used.
import { Agent, request, type IncomingHttpHeaders } from 'node:http'
import type { Socket } from 'node:net'

export type Reply = { status: number; headers: IncomingHttpHeaders; body: any }

export function createClient(base: string, options: { connections: number; token?: string }) {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections })
  const sockets = new Set<Socket>()

  function send(method: string, path: string, body?: unknown): Promise<Reply> {
    const payload = body === undefined ? undefined : JSON.stringify(body)
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: `Bearer ${options.token ?? 'sandbox-admin-token'}`,
    }
    if (payload !== undefined)
      Object.assign(headers, {
        'Content-Type': 'application/json',
        'Content-Length': String(Buffer.byteLength(payload)),
      })
    return new Promise((resolve, reject) => {
      const req = request(new URL(path, base), { method, headers, agent }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          try {
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: text ? JSON.parse(text) : undefined,
            })
          } catch (error) {
            reject(error)
          }
        })
      })
      req.on('socket', (socket) => sockets.add(socket))
      req.on('error', reject)
      req.end(payload)
    })
  }

  return {
    send,
    /** How many connections the client has opened so far. */
    connections: () => sockets.size,
    close: () => agent.destroy(),
  }
}

/** Runs `task(0..count-1)` with at most `concurrency` in flight; stops starting new ones once `stop()` says so. */
export async function runPool(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
  stop: () => boolean = () => false,
) {
  let next = 0
  const worker = async () => {
    while (next < count && !stop()) await task(next++)
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
}
