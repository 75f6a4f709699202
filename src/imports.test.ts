// The shape of src/ (DESIGN §2): which module may import which, read from the import statements of
// the sandbox's modules (tests and src/generated/ aside from what they must not be).
import { describe, it, expect } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = dirname(fileURLToPath(import.meta.url))
const IMPORT =
  /^\s*(?:import|export)\b[^'"]*?\bfrom\s+['"](\.[^'"]+)['"]|\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/gm

/** The modules under `dir` (no tests unless `tests`), by path from src/. */
function modulesOf(dir: string, tests = false): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : modulesOf(path, tests)
    return entry.name.endsWith('.ts') && (tests || !entry.name.endsWith('.test.ts'))
      ? [relative(root, path)]
      : []
  })
}

/** The src/ modules `module` imports, type-only imports included: a circle of types is still a circle. */
export function importsOf(module: string, source: string): string[] {
  const found = [...source.matchAll(IMPORT)].map((m) => (m[1] ?? m[2])!)
  return found
    .map((specifier) =>
      relative(root, resolve(root, dirname(module), specifier)).replace(/\.js$/, '.ts'),
    )
    .filter((path) => !path.startsWith('..') && !path.endsWith('.json'))
}

/** Every circle of the graph, each once, as the path of modules that closes it. */
export function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = []
  const state = new Map<string, 'open' | 'done'>()
  const path: string[] = []
  const visit = (module: string) => {
    state.set(module, 'open')
    path.push(module)
    for (const next of graph.get(module) ?? []) {
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next])
      else if (!state.has(next)) visit(next)
    }
    path.pop()
    state.set(module, 'done')
  }
  for (const module of graph.keys()) if (!state.has(module)) visit(module)
  return cycles
}

const modules = modulesOf(root)
const sources = new Map(modules.map((m) => [m, readFileSync(join(root, m), 'utf8')]))
const graph = new Map(modules.map((m) => [m, importsOf(m, sources.get(m)!)]))

describe('the imports of src/', () => {
  it('finds a circle, and only a circle (the check itself)', () => {
    expect(
      cyclesOf(
        new Map([
          ['a.ts', ['b.ts']],
          ['b.ts', ['c.ts']],
          ['c.ts', ['a.ts']],
          ['d.ts', ['a.ts']],
        ]),
      ),
    ).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']])
    expect(
      cyclesOf(
        new Map([
          ['a.ts', ['b.ts', 'c.ts']],
          ['b.ts', ['c.ts']],
          ['c.ts', []],
        ]),
      ),
    ).toEqual([])
    expect(
      importsOf(
        'store/x.ts',
        "import type { A } from '../spec.js'\nexport { b } from './b.js'\nconst c = await import('./c.js')",
      ),
    ).toEqual(['spec.ts', 'store/b.ts', 'store/c.ts'])
  })

  it('reads every module it is to check', () => {
    expect(modules).toContain('app.ts')
    expect(modules).toContain('store/store.ts')
    expect(modules).toContain('http/pipeline.ts')
    expect(graph.get('resources/customers.ts')).toContain('store/rows/customers.ts')
  })

  it('has no import circle', () => {
    expect(cyclesOf(graph)).toEqual([])
  })

  it('keeps the store below the resources and the app: the store imports neither', () => {
    const upward = [...graph].flatMap(([module, imports]) =>
      module.startsWith('store/')
        ? imports
            .filter((i) => i.startsWith('resources/') || i.startsWith('http/') || i === 'app.ts')
            .map((i) => `${module} -> ${i}`)
        : [],
    )
    expect(upward).toEqual([])
  })

  it('keeps the wire below the resources: src/http/ imports nothing of src/resources/', () => {
    const upward = [...graph].flatMap(([module, imports]) =>
      module.startsWith('http/')
        ? imports
            .filter((i) => i.startsWith('resources/') || i === 'app.ts')
            .map((i) => `${module} -> ${i}`)
        : [],
    )
    expect(upward).toEqual([])
  })

  it('keeps the kit apart: conformance/ imports only src/generated/, src/client.ts and src/dialect.ts of src/', () => {
    const kit = modulesOf(join(root, '../conformance'), true)
    expect(kit).toContain('../conformance/conforms.ts')
    const reached = kit.flatMap((module) =>
      importsOf(module, readFileSync(join(root, module), 'utf8'))
        .filter((i) => !i.startsWith('generated/') && i !== 'client.ts' && i !== 'dialect.ts')
        .map((i) => `${module} -> ${i}`),
    )
    expect(reached).toEqual([])
  })

  it("reaches the kit from one place: the proxy's CLI loads conformance/check-answer.ts at run time", () => {
    // The proxy checks answers with the kit's own checks, not a copy of them. The kit is TypeScript
    // run through tsx (as its bin runs it) and is not built into dist/, so no module of src/ imports
    // it statically: src/proxy/cli.ts loads its one entry point by its path in the package
    // (paths.ts: the same from src/, dist/ and the bundled CLI), and hands it to the proxy.
    const reaching = modules.filter((m) => /['"`][^'"`\n]*conformance\//.test(sources.get(m)!))
    expect(reaching).toEqual(['proxy/cli.ts'])
    expect(sources.get('proxy/cli.ts')).toMatch(
      /pathToFileURL\(packageFile\('conformance\/check-answer\.ts'\)\)/,
    )
  })

  it("finds the package's files through paths.ts only: in the bundled CLI (dist/cli.js) every module's import.meta.url is the bundle's", () => {
    const relative = modules.filter(
      (m) => m !== 'paths.ts' && /new URL\([^)]*import\.meta\.url\)/.test(sources.get(m)!),
    )
    expect(relative).toEqual([])
  })

  it('lets no resource import the app (Deps has its own module)', () => {
    const upward = [...graph].flatMap(([module, imports]) =>
      module.startsWith('resources/') && imports.includes('app.ts') ? [module] : [],
    )
    expect(upward).toEqual([])
  })

  it('freezes objects only through cacheJson(), which is what makes their JSON bytes cached', () => {
    const freezing = modules.filter(
      (m) => m !== 'store/json-bytes.ts' && /Object\.freeze\(/.test(sources.get(m)!),
    )
    expect(freezing).toEqual([])
  })

  it('keeps every module outside src/generated/ to 300 lines', () => {
    const long = modules.filter(
      (m) => !m.startsWith('generated/') && sources.get(m)!.split('\n').length > 301,
    )
    expect(long).toEqual([])
  })
})
