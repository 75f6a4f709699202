// What the CLI writes on stdout: the request log and its own notices, through one buffered,
// asynchronous destination (pino's sonic-boom): a request never waits for a write of its line,
// and lines that arrive while one write is under way go out together in the next. `--log json` is
// pino's JSON lines, the start-up banner included; `--log pretty` is one readable line a request.
import pino from 'pino'
import { formatEntry, type LogFormat, type PrintedEntry } from './request-log.js'

export type LogOutput = {
  /** The request log's printer, or undefined with `--log none`. */
  request: ((entry: PrintedEntry) => void) | undefined
  info(message: string, fields?: Record<string, unknown>): void
  error(message: string): void
  /** Writes out what is buffered; before the process exits. */
  flush(): void
}

export function createLogOutput(format: LogFormat): LogOutput {
  const destination = pino.destination({ dest: 1, sync: false })
  // A closed stdout (a reader gone, `| head`) costs the log, never the sandbox.
  destination.on('error', () => undefined)
  const flush = () => {
    try {
      destination.flushSync()
    } catch {
      // Nothing can be written any more; the sandbox's state is not at stake.
    }
  }
  if (format === 'json') {
    const logger = pino({}, destination)
    return {
      // pino's own `time` leads the line; the entry's is the same clock's.
      request: ({ time: _time, ...line }) => logger.info(line, 'request completed'),
      info: (message, fields = {}) => logger.info(fields, message),
      error: (message) => logger.error(message),
      flush,
    }
  }
  const colour = process.stdout.isTTY && !process.env.NO_COLOR
  return {
    request:
      format === 'none'
        ? undefined
        : (entry) => destination.write(formatEntry(entry, colour) + '\n'),
    info: (message) => destination.write(message + '\n'),
    error: (message) => {
      flush() // after what the log said before it
      console.error(`bluerocktel-mock: ${message}`)
    },
    flush,
  }
}
