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
  /** Writes out what is buffered, synchronously: on the way out of a process that is exiting anyway. */
  flush(): void
  /**
   * Writes out every line, the one a write under way holds included, and ends the log: on a stop,
   * before `process.exit`. A synchronous flush cannot wait for a write already handed to the
   * thread pool, and an exit before it lands loses those lines.
   */
  close(): Promise<void>
}

/** Lines are written 4 KB at a time, and none waits longer than this for the next write. */
const BATCH = { bytes: 4096, ms: 50 }

export function createLogOutput(format: LogFormat): LogOutput {
  // A write a line is a thread-pool round trip and a system call a request: a write now takes
  // some 40 lines under load, and a line waits at most 50 ms.
  const destination = pino.destination({ dest: 1, sync: false, minLength: BATCH.bytes })
  // A closed stdout (a reader gone, `| head`) costs the log, never the sandbox.
  destination.on('error', () => undefined)
  let due: NodeJS.Timeout | undefined
  /** After a line: the write of what is buffered, BATCH.ms from the first line of the batch. */
  const soon = () => {
    due ??= setTimeout(() => {
      due = undefined
      if (!closed) destination.flush()
    }, BATCH.ms).unref()
  }
  const flush = () => {
    try {
      destination.flushSync()
    } catch {
      // Nothing can be written any more; the sandbox's state is not at stake.
    }
  }
  let closed: Promise<void> | undefined
  const close = () =>
    (closed ??= new Promise<void>((resolve) => {
      // Bounded: a reader that stopped reading must not hold the stop.
      const timer = setTimeout(resolve, 2_000)
      const done = () => {
        clearTimeout(timer)
        resolve()
      }
      destination.once('close', done)
      destination.once('error', done)
      try {
        destination.end()
      } catch {
        done()
      }
    }))
  if (format === 'json') {
    const logger = pino({}, destination)
    return {
      // pino's own `time` leads the line; the entry's is the same clock's.
      // Once the log is closing, a line (a request that ends during the stop) has nowhere to go.
      request: ({ time: _time, ...line }) => {
        if (closed) return
        logger.info(line, 'request completed')
        soon()
      },
      info: (message, fields = {}) => {
        if (closed) return
        logger.info(fields, message)
        soon()
      },
      error: (message) => {
        if (closed) return
        logger.error(message)
        flush()
      },
      flush,
      close,
    }
  }
  const colour = process.stdout.isTTY && !process.env.NO_COLOR
  return {
    request:
      format === 'none'
        ? undefined
        : (entry) => {
            if (closed) return
            destination.write(formatEntry(entry, colour) + '\n')
            soon()
          },
    info: (message) => {
      if (closed) return
      destination.write(message + '\n')
      soon()
    },
    error: (message) => {
      flush() // after what the log said before it
      console.error(`bluerocktel-mock: ${message}`)
    },
    flush,
    close,
  }
}
