import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['openapi/**/*.test.ts', 'src/**/*.test.ts', 'conformance/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['conformance/suites/**', 'node_modules/**', 'dist/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
})
