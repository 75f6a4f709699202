// What the CLI writes on stdout: the request log and its own notices, through one buffered,
// asynchronous destination (sonic-boom, pino's own): a request never waits for a write of its
// line, and lines that arrive while one write is under way go out together in the next. `--log
// json` is pino's JSON lines, the start-up banner included; `--log pretty` is one readable line a
// request.
import { createRequire } from 'node:module'
import SonicBoomModule from 'sonic-boom'
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

// A CommonJS module whose types declare a default export: its module.exports is the class.
const SonicBoom = SonicBoomModule as unknown as typeof import('sonic-boom').SonicBoom

/** Lines are written 4 KB at a time, and none waits longer than this for its write. */
const BATCH = { bytes: 4096, ms: 50 }

export function createLogOutput(format: LogFormat): LogOutput {
  // A write a line is a thread-pool round trip and a system call a request: a write now takes
  // some 40 lines under load. The notices (the banner first) are written at once.
  const destination = new SonicBoom({ fd: 1, sync: false, minLength: BATCH.bytes })
  // A closed stdout (a reader gone, `| head`: EPIPE) costs the log, never the sandbox: from the
  // first error on, nothing is written, flushed or waited for. sonic-boom left to itself after
  // EPIPE kept a stop from ever ending (pino's own destination makes itself a no-op the same way).
  let broken = false
  destination.on('error', () => {
    broken = true
  })
  let closed: Promise<void> | undefined
  /** Bytes handed to the destination and not yet written. */
  let pending = 0
  let due: NodeJS.Timeout | undefined
  const writeOut = () => {
    if (!closed && !broken && pending > 0) destination.flush()
  }
  /** After a line: what is buffered is written BATCH.ms later at the latest. */
  const soon = () => {
    due ??= setTimeout(() => {
      due = undefined
      writeOut()
    }, BATCH.ms).unref()
  }
  /** A notice is waiting: what is buffered goes out as soon as the destination can take it. */
  let urgent = false
  destination.on('write', (bytes: number) => {
    pending = Math.max(0, pending - bytes)
    if (pending === 0) urgent = false
  })
  // A write ended with less than a batch left (a flush asked for while it was under way does nothing).
  destination.on('drain', () => {
    if (pending > 0) (urgent ? writeOut : soon)()
  })
  /** Hands a line (or pino's) to the destination; `now` (a notice) writes it out at once. */
  const line = (text: string, now = false) => {
    if (closed || broken) return
    destination.write(text)
    pending += Buffer.byteLength(text)
    if (now) {
      urgent = true
      writeOut()
    }
    soon()
  }
  const flush = () => {
    if (broken) return
    try {
      destination.flushSync()
      pending = 0
    } catch {
      // Nothing can be written any more; the sandbox's state is not at stake.
    }
  }
  const close = () =>
    (closed ??= new Promise<void>((resolve) => {
      // Bounded: a reader that stopped reading must not hold the stop.
      const timer = setTimeout(resolve, 2_000)
      const done = () => {
        clearTimeout(timer)
        resolve()
      }
      if (broken) return done()
      destination.once('close', done)
      destination.once('error', done)
      try {
        destination.end()
      } catch {
        done()
      }
    }))
  if (format === 'json') {
    // pino writes each line through `line`, which counts it and batches it. Loaded for JSON lines
    // only: the other formats start some 20 ms sooner without it.
    const pino = createRequire(import.meta.url)('pino') as typeof import('pino').default
    let notice = false
    const logger = pino({}, { write: (text: string) => line(text, notice) })
    return {
      // pino's own `time` leads the line; the entry's is the same clock's.
      request: ({ time: _time, ...entry }) => logger.info(entry, 'request completed'),
      info: (message, fields = {}) => {
        notice = true
        logger.info(fields, message)
        notice = false
      },
      error: (message) => {
        logger.error(message)
        flush()
      },
      flush,
      close,
    }
  }
  const colour = process.stdout.isTTY && !process.env.NO_COLOR
  return {
    request: format === 'none' ? undefined : (entry) => line(formatEntry(entry, colour) + '\n'),
    info: (message) => line(message + '\n', true),
    error: (message) => {
      flush() // after what the log said before it
      console.error(`bluerocktel-mock: ${message}`)
    },
    flush,
    close,
  }
}
