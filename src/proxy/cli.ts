// `bluerocktel-mock proxy`: flags (options.ts) -> the kit's checker, the --diff sandbox, the
// --record recorder -> the proxy (server.ts) on an HTTP server. Stops as the sandbox does (SIGINT,
// SIGTERM, SIGHUP, or the npm that started it), writing --report and printing a summary first.
import { writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { serve } from '@hono/node-server'
import { answerClientErrors } from '../http/client-errors.js'
import { createLogOutput } from '../log-output.js'
import { listenError, refuse, stopWithWrapper } from '../process.js'
import { packageFile } from '../paths.js'
import { readProxyOptions } from './options.js'
import { createFindings, summarise, toJson, toJunit } from './findings.js'
import { createProxy, type CheckAnswer } from './server.js'

/**
 * The kit's judgement of one answer (conformance/check-answer.ts). The kit is TypeScript run
 * through tsx, as its own bin runs it, and is not part of the built sandbox: it is loaded from the
 * package's conformance/ folder, beside dist/ (or src/, under tsx).
 */
export async function loadChecker(salesTokens: string[]): Promise<CheckAnswer> {
  if (!import.meta.url.endsWith('.ts')) {
    const { register } = await import('tsx/esm/api')
    register()
  }
  const url = pathToFileURL(packageFile('conformance/check-answer.ts'))
  const kit = (await import(url.href)) as {
    createAnswerChecker: (options: { salesTokens: string[] }) => CheckAnswer
  }
  return kit.createAnswerChecker({ salesTokens })
}

/** The state a recording makes, or a refusal in one line. */
async function recordedState(dir: string, seed: number) {
  const [{ loadRecording }, { createSeedState }] = await Promise.all([
    import('../store/from-recording.js'),
    import('../store/seed.js'),
  ])
  try {
    return loadRecording(dir, createSeedState(seed))
  } catch (error) {
    return refuse((error as Error).message)
  }
}

export async function runProxy(args: string[]) {
  const options = readProxyOptions(args)
  const say = createLogOutput(options.log)
  process.on('exit', () => say.flush())
  const check = await loadChecker(options.salesTokens)
  const findings = createFindings()
  if (options.fromRecording && !options.diff)
    refuse('--from-recording starts the --diff sandbox: give --diff too')
  const diff = options.diff
    ? {
        sandbox: (await import('./diff-sandbox.js')).createDiffSandbox({
          seed: options.seed,
          state: options.fromRecording
            ? await recordedState(options.fromRecording, options.seed)
            : undefined,
        }),
        check: await loadChecker(options.salesTokens),
      }
    : null
  const record = options.record
    ? await import('./record.js')
        .then(({ createRecorder }) =>
          createRecorder({
            dir: options.record!,
            limitBytes: options.recordLimitBytes,
            onNotice: (message) => say.info(message),
          }),
        )
        .catch((error: Error) => refuse(`cannot record in ${options.record}: ${error.message}`))
    : null
  const colour = process.stdout.isTTY && !process.env.NO_COLOR
  const handler = createProxy({
    upstream: options.upstream,
    check,
    findings,
    allowWrites: options.allowWrites,
    timeoutMs: options.timeoutMs,
    diff,
    record,
    onRequest:
      options.log === 'none'
        ? undefined
        : (line) => say.request?.({ id: 0, time: Date.now(), ...line, user: null, sandbox: null }),
    onFinding:
      options.log === 'none'
        ? undefined
        : (finding) =>
            options.log === 'json'
              ? say.info('finding', { ...finding })
              : say.info(
                  `  ${finding.severity.toUpperCase()} ${finding.message.split('\n').join('\n    ')}`,
                ),
  })
  const server = serve({
    fetch: handler,
    port: options.port,
    hostname: options.host,
    serverOptions: { connectionsCheckingInterval: 1_000 },
  })
  let closing = false
  const shutdown = async () => {
    if (closing) return
    closing = true
    server.close()
    if (options.report) {
      const text = options.report.endsWith('.xml')
        ? toJunit(findings, options.upstream)
        : JSON.stringify(toJson(findings, options.upstream), null, 2) + '\n'
      try {
        writeFileSync(options.report, text)
      } catch (error) {
        say.error(`cannot write the report ${options.report}: ${(error as Error).message}`)
      }
    }
    await say.close()
    // On stderr: stdout's last lines may still be on their way (they are written asynchronously).
    console.error(summarise(findings, options.upstream))
    process.exit(0)
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.on(signal, () => void shutdown())
  stopWithWrapper(() => void shutdown())
  const port = await new Promise<number>((resolve) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      refuse(listenError(error, options.host, options.port)),
    )
    server.once('listening', () => resolve((server.address() as AddressInfo).port))
  })
  // The proxy waits on the instance (--timeout), never on a slow client.
  Object.assign(server, {
    headersTimeout: 10_000,
    requestTimeout: options.timeoutMs + 30_000,
    keepAliveTimeout: 5_000,
  })
  answerClientErrors(server as Server)
  const base = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`
  const modes = [
    'validate',
    diff ? `diff (sandbox seed ${options.seed})` : '',
    record ? `record in ${options.record}` : '',
    options.allowWrites ? 'writes forwarded' : 'read-only',
  ].filter(Boolean)
  say.info(
    `BlueRockTEL proxy listening on ${base}/api -> ${options.upstream} (${modes.join(', ')})`,
    {
      base_url: `${base}/api`,
      upstream: options.upstream,
      diff: Boolean(diff),
      record: options.record,
      allow_writes: options.allowWrites,
    },
  )
  if (options.log !== 'json') say.info(`Findings: ${base}/__mock/findings`)
}
