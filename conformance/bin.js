#!/usr/bin/env node
// Entry point of `bluerocktel-conformance`: the kit is TypeScript, run through tsx.
import { register } from 'tsx/esm/api'

register()
await import('./cli.ts')
