// The benchmark's tables, in Markdown, for the terminal and the README alike.
import type { Load } from './load.js'
import { ratioOf, type Figures, type Verdict } from './targets.js'

export type Report = Figures & {
  date: string
  node: string
  cpus: string
  load: Load
  durationS: number
  targets: Verdict[]
}

const table = (head: string[], rows: (string | number)[][]) =>
  [head, head.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n')
const round = (n: number | null, digits = 0) =>
  n === null || Number.isNaN(n) ? '–' : n.toFixed(digits)

export function formatReport(report: Report): string {
  const { load } = report
  return [
    `${report.date.slice(0, 10)}, Node ${report.node}, ${report.cpus}; ${load.connections} connections, ` +
      `${load.warmupS} s warm-up + ${load.durationS} s measured per scenario, in ${load.slices} slices with the bare app's /ping ` +
      `measured for ${load.ceilingS} s before, between and after them; the whole run took ${report.durationS} s.`,
    '',
    table(
      [
        'server',
        'scenario',
        'req/s',
        'p50 ms',
        'p99 ms',
        'server CPU, µs a request',
        'bare Hono alongside, req/s',
        '× bare Hono',
      ],
      report.results.map((r) => [
        r.server,
        r.failures ? `${r.scenario} (${r.failures} failures)` : r.scenario,
        round(r.rps),
        round(r.p50),
        round(r.p99),
        round(r.cpuUs),
        round(r.ceilingRps),
        round(ratioOf(report, r.server, r.scenario), 2),
      ]),
    ),
    '',
    table(
      ['server', 'start-up to the first 200, median of 5', 'peak RSS', 'customers at the end'],
      report.processes.map((p) => [
        p.server,
        p.startupMs === null ? '–' : `${round(p.startupMs)} ms`,
        `${round(p.peakRssMb)} MB`,
        p.customers ?? '–',
      ]),
    ),
    '',
    table(
      [
        'target',
        'measured',
        'holds',
        'bare Hono, same answers',
        'sandbox ÷ that',
        'server CPU a request, sandbox / same answers',
      ],
      report.targets.map((t) => [
        t.target,
        t.measured,
        t.holds ? 'yes' : '**no**',
        t.sameAnswers?.ratio ?? '–',
        t.sameAnswers?.share ?? '–',
        t.sameAnswers?.cpuUs ?? '–',
      ]),
    ),
  ].join('\n')
}
