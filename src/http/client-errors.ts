// Requests that Node's HTTP parser refuses before any route sees them (garbage bytes, a bad
// Content-Length, headers over 16 KiB, headers sent too slowly): Node answers them itself, with
// no body. The sandbox answers the same status with the JSON every other error has
// (`{"message": ...}`, as Laravel renders an HttpException), then closes the connection as Node does.
import type { Server } from 'node:http'
import type { Socket } from 'node:net'

/** Node's choice of status for a parser error (lib/_http_server.js), with its reason phrase. */
function statusOf(code: string | undefined): [number, string] {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'Request Header Fields Too Large']
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return [413, 'Payload Too Large']
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'Request Timeout']
    default:
      return [400, 'Bad Request']
  }
}

/** The bytes of an error answer to a request Node could not read. */
export function clientErrorAnswer(code: string | undefined): string {
  const [status, reason] = statusOf(code)
  const body = JSON.stringify({ message: reason })
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
}

export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // As Node does: answer only if nothing of an answer has gone out on this connection yet.
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent: boolean } | null })
      ._httpMessage
    if (socket.writable && !inFlight?.headersSent && error.code !== 'ECONNRESET')
      socket.write(clientErrorAnswer(error.code))
    socket.destroy(error)
  })
}
