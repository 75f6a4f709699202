// The options of bluerocktel-conformance, in one table: parseArgs reads it, --help prints it, and
// a test checks that the README's table says the same, word for word.

export type OptionRow = {
  /** As the README and --help write it: `--base-url URL`. */
  usage: string
  /** The parseArgs names this row declares, and their types. */
  names: Record<string, 'string' | 'boolean'>
  env: string
  meaning: string
}

export const OPTIONS: OptionRow[] = [
  {
    usage: '--base-url URL',
    names: { 'base-url': 'string' },
    env: 'BLUEROCKTEL_BASE_URL',
    meaning: "the instance's API root, e.g. http://127.0.0.1:4010/api",
  },
  {
    usage: '--token T',
    names: { token: 'string' },
    env: 'BLUEROCKTEL_TOKEN',
    meaning: 'a bearer token',
  },
  {
    usage: '--email E --password P',
    names: { email: 'string', password: 'string' },
    env: 'BLUEROCKTEL_EMAIL, BLUEROCKTEL_PASSWORD',
    meaning: 'log in through POST /login instead of --token',
  },
  {
    usage: '--sales-token T',
    names: { 'sales-token': 'string' },
    env: 'BLUEROCKTEL_SALES_TOKEN',
    meaning:
      'a token of a user below the tech level, to check the role rules (without it, they are reported unchecked)',
  },
  {
    usage: '--profile readonly|full',
    names: { profile: 'string' },
    env: 'BLUEROCKTEL_PROFILE',
    meaning:
      'readonly (default): only requests that cannot change data; full: also creates records tagged conformance-<run id>, and removes them',
  },
  {
    usage: '--allow-writes',
    names: { 'allow-writes': 'boolean' },
    env: '',
    meaning: 'let the full profile write to a host that is not on loopback',
  },
  {
    usage: '--contract-only',
    names: { 'contract-only': 'boolean' },
    env: '',
    meaning:
      'check statuses and bodies against the contract only, not the documented behaviour (for stateless mocks such as Prism)',
  },
  {
    usage: '--dialect docs|legacy',
    names: { dialect: 'string' },
    env: 'BLUEROCKTEL_DIALECT',
    meaning:
      'docs (default): the documented snake_case names; legacy: the camelCase names of the official PHP SDK',
  },
  {
    usage: '--strict',
    names: { strict: 'boolean' },
    env: 'BLUEROCKTEL_STRICT=1',
    meaning:
      'fail on properties the contract does not list and on "" where it has null (warnings by default)',
  },
  {
    usage: '--beyond-docs',
    names: { 'beyond-docs': 'boolean' },
    env: 'BLUEROCKTEL_BEYOND_DOCS=1',
    meaning:
      'also check the operations the documentation does not describe (x-source php-sdk and collection in the contract), reported apart',
  },
  {
    usage: '--only R1,R2',
    names: { only: 'string' },
    env: 'BLUEROCKTEL_ONLY',
    meaning:
      'only these resources (and the 401 checks of their operations); a name that is not a resource is refused',
  },
  {
    usage: '--reporter default|junit|json',
    names: { reporter: 'string' },
    env: '',
    meaning: "vitest's reporter; junit and json write to --output",
  },
  {
    usage: '--output F',
    names: { output: 'string' },
    env: '',
    meaning: 'where junit or json writes, relative to the directory the kit is run from',
  },
  {
    usage: '--report F',
    names: { report: 'string' },
    env: '',
    meaning:
      'also write the report as JSON (verdict, failures, coverage), relative to the directory the kit is run from',
  },
  { usage: '-h, --help', names: { help: 'boolean' }, env: '', meaning: 'this help' },
]

/** parseArgs' option declarations. */
export const parseOptions = () =>
  Object.fromEntries(
    OPTIONS.flatMap((row) =>
      Object.entries(row.names).map(([name, type]) => [
        name,
        name === 'help' ? { type, short: 'h' } : { type },
      ]),
    ),
  ) as Record<string, { type: 'string' | 'boolean'; short?: string }>

export const EXIT = { passed: 0, failed: 1, usage: 2, couldNotRun: 3 } as const

export const HELP = `Usage: bluerocktel-conformance --base-url URL (--token T | --email E --password P) [options]

${OPTIONS.map((o) => `  ${o.usage.padEnd(30)} ${o.meaning}${o.env ? ` (env ${o.env})` : ''}`).join('\n')}

Exit codes: ${EXIT.passed} every check passed; ${EXIT.failed} the run found failures; ${EXIT.usage} bad options; ${EXIT.couldNotRun} could not run (the preflight says why).
`
