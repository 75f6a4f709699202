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

/** Lines are handed to the destination 4 KB at a time, and none waits longer than this. */
const BATCH = { chars: 4096, ms: 50 }

export function createLogOutput(format: LogFormat): LogOutput {
  // A write a line is a thread-pool round trip and a system call a request: lines are gathered
  // here and handed over a batch at a time, which the destination writes at once unless a write
  // is under way (then with what follows it). Handing it each line costs more: sonic-boom measures
  // the bytes it holds at every write, a whole batch re-read a line.
  const destination = new SonicBoom({ fd: 1, sync: false })
  // A closed stdout (a reader gone, `| head`: EPIPE) costs the log, never the sandbox: from the
  // first error on, nothing is written, flushed or waited for. sonic-boom left to itself after
  // EPIPE kept a stop from ever ending (pino's own destination makes itself a no-op the same way).
  let broken = false
  destination.on('error', () => {
    broken = true
  })
  let closed: Promise<void> | undefined
  /** The lines not yet handed to the destination, and their length. */
  let batch: string[] = []
  let batched = 0
  let due: NodeJS.Timeout | undefined
  /** The lines gathered, as one text, and none left; '' for none. */
  const takeBatch = () => {
    const text = batch.length === 1 ? batch[0]! : batch.join('')
    batch = []
    batched = 0
    return text
  }
  const handOver = () => {
    const text = takeBatch()
    if (text && !broken) destination.write(text)
  }
  /** Hands a line (or pino's) over; `now` (a notice) at once, with the lines before it. */
  const line = (text: string, now = false) => {
    if (closed || broken) return
    batch.push(text)
    batched += text.length
    if (now || batched >= BATCH.chars) handOver()
    else
      due ??= setTimeout(() => {
        due = undefined
        handOver()
      }, BATCH.ms).unref()
  }
  /** Written to synchronously, on the way out only: the lines not yet handed over. */
  let direct: InstanceType<typeof SonicBoom> | undefined
  const flush = () => {
    if (broken) return
    try {
      // What the destination holds first, then the lines gathered since, both before this returns.
      // Handed over, those would start a write on the thread pool, which an exit does not wait for.
      destination.flushSync()
      const text = takeBatch()
      if (!text) return
      if (!direct) {
        direct = new SonicBoom({ fd: 1, sync: true })
        direct.on('error', () => {
          broken = true
        })
      }
      direct.write(text)
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
      handOver()
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
      // The fields named, in one shape: pino writes every field it is given, and its own `time`
      // leads the line (the entry's is the same clock's).
      request: (e) =>
        logger.info(
          {
            id: e.id,
            method: e.method,
            path: e.path,
            query: e.query,
            status: e.status,
            duration_ms: e.duration_ms,
            user: e.user,
            sandbox: e.sandbox,
          } satisfies { [K in Exclude<keyof PrintedEntry, 'time'>]: PrintedEntry[K] },
          'request completed',
        ),
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
