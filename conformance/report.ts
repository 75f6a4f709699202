// The run's report: what failed (each with its request, status, excerpt, rule and doc page), what
// was blocked and by which request, the preflight's notices, the warnings, the verdict. Printed the
// same way whatever vitest reporter ran, and written as JSON with --report.
import { formatLeftOut, type CoverageRow } from './coverage.js'

export type Outcome = { test: string; message: string }
export type Report = {
  verdict: 'PASS' | 'FAIL'
  baseUrl: string
  profile: string
  dialect: string
  strict: boolean
  contractOnly: boolean
  /** Whether the operations beyond the documentation were checked (--beyond-docs). */
  beyondDocs: boolean
  /** Without --beyond-docs: how many operations of each x-source were left out. */
  notChecked: Record<string, number>
  runId: string
  durationMs: number
  notices: string[]
  failures: Outcome[]
  blocked: Outcome[]
  warnings: string[]
  leftBehind: string[]
  coverage: CoverageRow[]
}

type Task = {
  type: string
  name: string
  tasks?: Task[]
  result?: { state?: string; errors?: { message?: string; stack?: string }[]; note?: string }
  suite?: Task
}

/** The failures and blocked tests of vitest's finished run, named `file › describe › test`. */
export function collectOutcomes(files: Task[]): { failures: Outcome[]; blocked: Outcome[] } {
  const failures: Outcome[] = []
  const blocked: Outcome[] = []
  const walk = (task: Task, names: string[]) => {
    const here =
      task.type === 'suite' && names.length === 0
        ? [task.name.replace(/^conformance\/suites\//, '').replace(/\.test\.ts$/, '')]
        : [...names, task.name]
    const errors = task.result?.errors ?? []
    // A hook's failure is the suite's; a test's is its own.
    if (task.result?.state === 'fail' && errors.length)
      for (const error of errors)
        failures.push({ test: here.join(' › '), message: clean(error.message ?? String(error)) })
    if (task.result?.state === 'skip' && task.result.note?.startsWith('blocked by'))
      blocked.push({ test: here.join(' › '), message: task.result.note })
    for (const child of task.tasks ?? []) walk(child, here)
  }
  for (const file of files) walk(file, [])
  return { failures, blocked }
}

/** vitest colours and prefixes some messages; the report keeps the kit's text. */
const clean = (message: string) =>
  message.replace(/\x1b\[[0-9;]*m/g, '').replace(/^(CheckFailure|Error): /, '')

/** The summary every run ends with, whatever the reporter. */
export function formatSummary(report: Report): string {
  const lines: string[] = ['', '='.repeat(100)]
  lines.push(
    `${report.verdict === 'PASS' ? 'PASS' : 'FAIL'}: ${report.baseUrl} (profile ${report.profile}, ${report.dialect} dialect${report.contractOnly ? ', contract only' : ''}${report.strict ? ', strict' : ''}; run ${report.runId}; ${(report.durationMs / 1000).toFixed(1)} s)`,
  )
  for (const notice of report.notices) lines.push(`NOTICE: ${notice}`)
  const leftOut = formatLeftOut(report.notChecked)
  if (leftOut) lines.push(leftOut)
  lines.push(
    `${report.failures.length} failure(s), ${report.blocked.length} blocked, ${report.warnings.length} warning(s).`,
  )
  if (report.failures.length) {
    lines.push('', 'Failures:')
    report.failures.forEach((f, i) =>
      lines.push(`  ${i + 1}. ${f.test}`, `     ${f.message.split('\n').join('\n     ')}`),
    )
  }
  if (report.blocked.length) {
    lines.push('', 'Blocked (not run: a request they need failed, reported above):')
    for (const b of report.blocked) lines.push(`  - ${b.test}: ${b.message}`)
  }
  if (report.warnings.length) {
    lines.push(
      '',
      `Warnings (${report.strict ? 'failures with --strict' : 'a live instance may add columns; --strict fails on them'}):`,
    )
    for (const w of report.warnings.slice(0, 30)) lines.push(`  - ${w}`)
    if (report.warnings.length > 30)
      lines.push(`  … and ${report.warnings.length - 30} more (in the JSON report)`)
  }
  lines.push('='.repeat(100))
  return lines.join('\n')
}
