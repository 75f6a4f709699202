// Where the package's files are, from one module one folder below its root (src/paths.ts, or
// dist/paths.js). The CLI is built as a bundle, dist/cli.js, in which every module's
// import.meta.url is the bundle's: a path relative to a module's own folder would be wrong there.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The code's own folder: src/ under tsx, dist/ once built (the bundle's folder too). */
export const CODE_DIR = dirname(fileURLToPath(import.meta.url))
/** The package's root, where package.json, fixtures/ and src/generated/ are. */
export const PACKAGE_DIR = dirname(CODE_DIR)
/** A file of the package, from its root (`packageFile('fixtures/users.json')`). */
export const packageFile = (path: string) => join(PACKAGE_DIR, path)
