#!/usr/bin/env node
// Entry point of `bluerocktel-conformance`: the kit is TypeScript, loaded through tsx. Once the
// kit's own modules are in, tsx steps aside: what they import from then on (vitest, which runs the
// suites in a worker of its own) is JavaScript, and would only pay tsx's hooks for nothing.
import { register } from 'tsx/esm/api'

const unregister = register()
const { main } = await import('./cli.ts')
await unregister()
process.exitCode = await main()
