// Before any test file: dist/ is what the suite's child processes run (test/spawn-sandbox.ts). `npm
// test` has just built it; a direct `vitest run` after an edit of src/ builds it again first, so
// that no test runs yesterday's code.
import { execFileSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** The latest modification time of the files under `dir` that the build reads. */
function newest(dir: string): number {
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) latest = Math.max(latest, newest(path))
    else if (!entry.name.endsWith('.test.ts')) latest = Math.max(latest, statSync(path).mtimeMs)
  }
  return latest
}

export default function buildIfStale() {
  let built = 0
  try {
    built = statSync(join(ROOT, 'dist/cli.js')).mtimeMs
  } catch {
    // never built
  }
  // package.json holds the bundle's command (`npm run bundle`): a change of it is a change of dist/.
  const sources = Math.max(
    newest(join(ROOT, 'src')),
    ...['tsconfig.json', 'tsconfig.build.json', 'package.json'].map(
      (f) => statSync(join(ROOT, f)).mtimeMs,
    ),
  )
  if (sources <= built) return
  console.info('dist/ is older than src/ or the build settings: npm run build')
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' })
}
