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
  it('lists every flag of --help, with its variable and its default, and no other', async () => {
    const help = (await runCli(['--help'])).stdout
    // An option's entry runs from its line to the next option's, continuation lines included.
    const entries = help.split(/\n(?= {2}-)/).filter((entry) => entry.trimStart().startsWith('--'))
    const fromHelp = entries.map((entry) => {
      const text = entry.replace(/\s+/g, ' ')
      return [
        /--[\w-]+/.exec(text)![0],
        /\(env (\w+), default ([^)]+)\)/.exec(text)?.slice(1) ?? ['?', '?'],
      ].flat()
    })
    const fromReadme = table('| flag | env | default | meaning |').map(
      ([flag = '', env = '', fallback = '']) => [/--[\w-]+/.exec(flag)![0], env, fallback],
    )
    expect(fromReadme.sort()).toEqual(fromHelp.sort())
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
