// Raw TCP clients for the limits tests: requests that no HTTP library would send (headers trickled
// byte by byte, garbage, malformed framing), and the first status line the server answers.
import { connect, type Socket } from 'node:net'

export type RawOutcome = { status: number | null; closed: boolean; body: string | null }

/** Opens a connection to 127.0.0.1:`port`, resolved once connected. */
export function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket))
    socket.once('error', reject)
  })
}

/** Resolves when the server ends the connection, with the status it answered before (null if none) and that answer's body. */
export function outcome(socket: Socket): Promise<RawOutcome> {
  let received = ''
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')))
  socket.on('error', () => {}) // a reset is one way of being dropped
  return new Promise((resolve) =>
    socket.once('close', () => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received)?.[1]
      const end = received.indexOf('\r\n\r\n')
      resolve({
        status: status ? Number(status) : null,
        closed: true,
        body: end < 0 ? null : received.slice(end + 4),
      })
    }),
  )
}

/** Sends `text` one byte per tick of `everyMs` (then filler header bytes), until the server closes the connection. */
export function trickle(socket: Socket, text: string, everyMs: number): void {
  let i = 0
  const timer = setInterval(() => {
    if (socket.destroyed) return clearInterval(timer)
    socket.write(i < text.length ? text[i++]! : 'a')
  }, everyMs)
  socket.once('close', () => clearInterval(timer))
}

/** Sends `payload` at once and resolves with what the server answered when it closed the connection. */
export async function sendRaw(port: number, payload: string | Buffer): Promise<RawOutcome> {
  const socket = await open(port)
  const result = outcome(socket)
  socket.write(payload)
  return result
}
