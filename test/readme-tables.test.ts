// The README's tables of the sandbox's flags and of its control API say what the code does: every
// flag of `bluerocktel-mock --help` with its variable and default, every control route, nothing more.
import { describe, it, expect } from 'vitest'
import { readFileSync } from 'node:fs'
import { runCli } from './run-cli.js'
import { createTestSandbox } from './sandbox.js'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
/** The rows of the first table after `heading`, each as its cells without the code ticks. */
function table(heading: string): string[][] {
  const from = readme.indexOf(heading)
  expect(from, `README has "${heading}"`).toBeGreaterThan(-1)
  const rows: string[] = []
  for (const line of readme.slice(from).split('\n')) {
    if (!line.startsWith('|')) break
    rows.push(line)
  }
  return rows.slice(2).map((row) =>
    row
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim().replaceAll('\\|', '|').replaceAll('`', '')),
  )
}

describe('the README', () => {
  /** Each option of a --help, as [flag, variable, default]. */
  const flagsOf = (help: string) =>
    // An option's entry runs from its line to the next option's, continuation lines included.
    help
      .split(/\n(?= {2}-)/)
      .filter((entry) => entry.trimStart().startsWith('--'))
      .map((entry) => {
        const text = entry.replace(/\s+/g, ' ')
        return [
          /--[\w-]+/.exec(text)![0],
          /\(env (\w+), default ([^)]+)\)/.exec(text)?.slice(1) ?? ['?', '?'],
        ].flat()
      })
  const flagsIn = (heading: string) =>
    table(heading).map(([flag = '', env = '', fallback = '']) => [
      /--[\w-]+/.exec(flag)![0],
      env,
      fallback,
    ])

  it('lists every flag of --help, with its variable and its default, and no other', async () => {
    const help = (await runCli(['--help'])).stdout
    expect(flagsIn('| flag | env | default | meaning |').sort()).toEqual(flagsOf(help).sort())
  })

  it('lists every flag of proxy --help, with its variable and its default, and no other', async () => {
    const help = (await runCli(['proxy', '--help'])).stdout
    expect(flagsIn('| proxy flag | env | default | meaning |').sort()).toEqual(flagsOf(help).sort())
  })

  it('lists every route of the control API, and no other', () => {
    const routes = createTestSandbox()
      .app.routes.filter((r) => r.path.startsWith('/__mock/') && r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path}`)
    const documented = table('| request | token | what it does |').flatMap(([request = '']) =>
      request.split(', ').map((r) => r.replace(/\?.*$/, '')),
    )
    expect([...new Set(documented)].sort()).toEqual([...new Set(routes)].sort())
  })
})
