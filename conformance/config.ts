// The kit's settings, read from the environment that `bluerocktel-conformance` prepares (or that
// a user sets to run `vitest` on conformance/suites directly).

export type Profile = 'readonly' | 'full'
export type KitConfig = {
  /** The instance's API root, e.g. http://127.0.0.1:4010/api. */
  baseUrl: string
  token: string
  /** A token of a user below the tech level (sales), to check the role rules; optional. */
  salesToken: string | null
  profile: Profile
  /** Only check statuses and bodies against the contract, not the documented behaviour (for generic mocks). */
  contractOnly: boolean
  runId: string
  /** Resources (tags in kebab-case, e.g. customers, customer-services) to check; null for all. */
  only: string[] | null
  /** Where each worker appends what it exercised, for the coverage table. */
  coverageDir: string | null
  /** The names the instance answers with: docs (snake_case) or legacy (camelCase, the official PHP SDK's). */
  dialect: 'docs' | 'legacy'
  /** Properties the contract does not list, and "" where it has null, fail the run instead of warning. */
  strict: boolean
  /** Also check the operations beyond the documentation (x-source in the contract). */
  beyondDocs: boolean
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): KitConfig {
  const baseUrl = env.BLUEROCKTEL_BASE_URL
  if (!baseUrl) throw new Error('BLUEROCKTEL_BASE_URL is not set (e.g. http://127.0.0.1:4010/api)')
  const profile = env.BLUEROCKTEL_PROFILE ?? 'readonly'
  if (profile !== 'readonly' && profile !== 'full')
    throw new Error(`BLUEROCKTEL_PROFILE must be readonly or full, not ${profile}`)
  if (env.BLUEROCKTEL_DIALECT && !['docs', 'legacy'].includes(env.BLUEROCKTEL_DIALECT))
    throw new Error(`BLUEROCKTEL_DIALECT must be docs or legacy, not ${env.BLUEROCKTEL_DIALECT}`)
  return {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    token: env.BLUEROCKTEL_TOKEN ?? '',
    salesToken: env.BLUEROCKTEL_SALES_TOKEN || null,
    profile,
    contractOnly: env.BLUEROCKTEL_CONTRACT_ONLY === '1',
    runId: env.BLUEROCKTEL_RUN_ID ?? `${Date.now().toString(36)}`,
    only: env.BLUEROCKTEL_ONLY
      ? env.BLUEROCKTEL_ONLY.split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : null,
    coverageDir: env.BLUEROCKTEL_COVERAGE_DIR || null,
    dialect: env.BLUEROCKTEL_DIALECT === 'legacy' ? 'legacy' : 'docs',
    strict: env.BLUEROCKTEL_STRICT === '1',
    beyondDocs: env.BLUEROCKTEL_BEYOND_DOCS === '1',
  }
}

/** Writes go only to loopback unless the user says otherwise. */
export function isLoopback(baseUrl: string): boolean {
  const host = new URL(baseUrl).hostname
  return (
    host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)
  )
}

/** The tag an operation belongs to, as `--only` names it: "Customer services" -> "customer-services". */
export const resourceName = (tag: string) => tag.toLowerCase().replace(/\s+/g, '-')
