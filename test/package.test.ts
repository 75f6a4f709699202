// The package as a user adds it to a project: `npm pack`, the tarball unpacked into a new project's
// node_modules, the README's examples of "The typed client" compiled there by tsc and run against a
// sandbox. The package's own dependencies are linked to ours, where npm would install them: the
// tests run offline.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { startSandbox, stopAll, type Started } from './spawn-sandbox.js'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('..', import.meta.url))
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc')

/** The TypeScript blocks of the README's "The typed client", in order. */
async function readmeExamples(): Promise<string[]> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8')
  const section = readme.slice(
    readme.indexOf('### The typed client'),
    readme.indexOf('## The conformance kit'),
  )
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!)
}

describe('the package, added to a project from its npm pack tarball', () => {
  let work: string
  let tarball: string
  let sandbox: Started
  let examples: string[]

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'bluerocktel-package-'))
    // The package as `npm test` built it (dist/, which every process test runs): `prepare` would
    // only build it again.
    ;[, sandbox, examples] = await Promise.all([
      run('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT }),
      startSandbox(['--db', ':memory:', '--log', 'none']),
      readmeExamples(),
    ])
    tarball = join(
      work,
      (await readdir(work)).find((name) => name.endsWith('.tgz'))!,
    )
  }, 120_000)

  afterAll(async () => {
    await stopAll()
    if (work) await rm(work, { recursive: true, force: true })
  })

  /** A project made by `npm init -y` (then `setup`), the package in it, `source` compiled by tsc and run: its output. */
  async function runProject(
    name: string,
    setup: string[][],
    compilerOptions: object,
    source: string,
  ): Promise<string> {
    const dir = join(work, name)
    const installed = join(dir, 'node_modules', 'bluerocktel-sandbox')
    await mkdir(installed, { recursive: true })
    await run('npm', ['init', '-y'], { cwd: dir })
    for (const args of setup) await run('npm', args, { cwd: dir })
    await run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1'])
    await symlink(join(ROOT, 'node_modules'), join(installed, 'node_modules'))
    await symlink(join(ROOT, 'node_modules', '@types'), join(dir, 'node_modules', '@types'))
    await writeFile(
      join(dir, 'tsconfig.json'),
      // skipLibCheck as `tsc --init` writes it: the examples are checked against the package's types.
      JSON.stringify({ compilerOptions: { strict: true, skipLibCheck: true, ...compilerOptions } }),
    )
    await writeFile(join(dir, 'index.ts'), source.replaceAll('http://127.0.0.1:4010', sandbox.base))
    await run(process.execPath, [TSC, '-p', dir]).catch((error: { stdout: string }) => {
      throw new Error(`tsc failed in the ${name} project:\n${error.stdout}`)
    })
    return (await run(process.execPath, ['index.js'], { cwd: dir })).stdout
  }

  it("runs the README's example in an ES module project, a refused input caught as a typed 422", async () => {
    const output = await runProject(
      'esm',
      [['pkg', 'set', 'type=module']],
      { module: 'nodenext' },
      examples[0]!,
    )
    expect(output).toContain('CL000042')
    expect(output).toContain("422 [ 'The name field is required.' ]")
  }, 120_000)

  it.each(['nodenext', 'commonjs'])(
    "runs the README's CommonJS example in npm init -y's project, tsconfig module %s",
    async (module) => {
      const output = await runProject(
        `cjs-${module}`,
        [],
        { module, esModuleInterop: true },
        examples[1]!,
      )
      expect(output).toContain('CL000042')
      expect(output).toContain(
        "404 { message: 'No query results for model [App\\\\Customer] 999999' }",
      )
    },
    120_000,
  )
})
