import { defineConfig } from 'vitest/config'
import LongestFirst from './test/sequencer.js'

export default defineConfig({
  test: {
    include: [
      'openapi/**/*.test.ts',
      'src/**/*.test.ts',
      'conformance/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    exclude: ['conformance/suites/**', 'node_modules/**', 'dist/**'],
    // Most files wait on child processes and sockets, not on the CPU: three at a time on 2 cores
    // halves the run, where vitest's default (cores - 1) ran them one by one.
    maxWorkers: 3,
    // A worker keeps its modules from one file to the next (the contract, ajv's compiled
    // validators, the seed): some 40 s of CPU a run. A file leaves no global state behind it
    // (test/in-process-answers.test.ts is the one global a server changes).
    isolate: false,
    sequence: { sequencer: LongestFirst },
    // The child processes run dist/: built again first if a source is newer.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
})
