// `--record DIR`: the instance's answers kept as files, one per exchange, for
// `bluerocktel-mock --from-recording DIR` (src/store/from-recording.ts). No header is kept but the
// content type; tokens, passwords and secrets are masked; personal data (people's and companies'
// names, e-mail addresses, phone numbers, postal addresses, bank details) is replaced by faker,
// seeded by the value it replaces, so that one value gets one replacement in every record and in
// every run. A size limit stops the recording, never the proxy.
import { writeFileSync } from 'node:fs'
import { makeFolder } from '../store/make-folder.js'
import { join } from 'node:path'
import { Faker, base, en, fr } from '@faker-js/faker'
import { maskQuery, maskSecrets } from './findings.js'
import type { Exchange } from './exchange.js'

export const RECORDING_FORMAT = 1
export type Recorded = {
  method: string
  /** Under the API root, without the query: `/v1/customers/42`. */
  path: string
  query: string
  status: number
  content_type: string | null
  body: unknown
}

const faker = new Faker({ locale: [fr, en, base] })
type Kind = 'company' | 'first' | 'last' | 'email' | 'phone' | 'street' | 'city' | 'iban' | 'bic'
const FAKE: Record<Kind, () => string> = {
  company: () => faker.company.name(),
  first: () => faker.person.firstName(),
  last: () => faker.person.lastName(),
  email: () => faker.internet.email({ provider: 'example.com' }).toLowerCase(),
  phone: () => `0${faker.string.numeric(9)}`,
  street: () => faker.location.streetAddress(),
  city: () => faker.location.city(),
  iban: () => faker.finance.iban({ countryCode: 'FR' }),
  bic: () => faker.finance.bic(),
}
/** The kind of personal data a key holds; `name` only on a customer, prospect, contact or user. */
function kindOf(key: string, row: Record<string, unknown>): Kind | null {
  const k = key.toLowerCase()
  if (/^first_?name$/.test(k)) return 'first'
  if (/^(last_?name|lastname)$/.test(k)) return 'last'
  if (/e_?mail/.test(k)) return 'email'
  if (/phone|mobile|landline|fax/.test(k) && !/_id$/.test(k)) return 'phone'
  if (/address_?line|^address$|street/.test(k)) return 'street'
  if (/city/.test(k)) return 'city'
  if (/iban/.test(k)) return 'iban'
  if (/^bic$|swift/.test(k)) return 'bic'
  if (
    k === 'name' &&
    ['customer_account', 'email', 'email_address', 'first_name'].some((f) => f in row)
  )
    return 'company'
  return null
}

/** 32-bit FNV-1a: a faker seed from the value replaced. */
function hash(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h >>> 0
}

export function createPseudonymiser() {
  const replaced = new Map<string, string>()
  const fake = (kind: Kind, value: string) => {
    const known = replaced.get(value)
    if (known) return known
    faker.seed(hash(`${kind}:${value}`))
    const made = FAKE[kind]()
    replaced.set(value, made)
    return made
  }
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk)
    if (value === null || typeof value !== 'object') return value
    const row = value as Record<string, unknown>
    return Object.fromEntries(
      Object.entries(row).map(([key, v]) => {
        const kind = typeof v === 'string' && v.trim() ? kindOf(key, row) : null
        return [key, kind ? fake(kind, v as string) : walk(v)]
      }),
    )
  }
  // What was replaced also goes where it is quoted (a search label "CL000042 - Acme"): one pattern
  // of every value replaced so far, longest first, made again only when a value was added.
  let pattern: RegExp | null = null
  let patternSize = 0
  const quoted = () => {
    if (patternSize !== replaced.size) {
      const originals = [...replaced.keys()].filter((o) => o.length >= 4)
      originals.sort((a, b) => b.length - a.length)
      pattern = originals.length
        ? new RegExp(originals.map((o) => o.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g')
        : null
      patternSize = replaced.size
    }
    return pattern
  }
  const requote = (value: unknown, found: RegExp | null): unknown => {
    if (typeof value === 'string')
      return found ? value.replace(found, (original) => replaced.get(original) ?? original) : value
    if (Array.isArray(value)) return value.map((v) => requote(v, found))
    if (value === null || typeof value !== 'object') return value
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, requote(v, found)]))
  }
  return {
    body: (value: unknown) => {
      const walked = walk(value)
      return requote(walked, quoted())
    },
    /** A query string with its personal values (phone_number=..., email=...) replaced. */
    query(params: URLSearchParams): string {
      const out = new URLSearchParams()
      for (const [key, value] of params) {
        const kind = value.trim() ? kindOf(key, {}) : null
        out.append(key, kind ? fake(kind, value) : value)
      }
      const text = out.toString()
      return text ? `?${text}` : ''
    },
  }
}

export function createRecorder(options: {
  dir: string
  limitBytes: number
  onNotice?: (message: string) => void
}) {
  makeFolder(options.dir)
  writeFileSync(
    join(options.dir, 'recording.json'),
    JSON.stringify({ format: RECORDING_FORMAT, started_at: new Date().toISOString() }) + '\n',
  )
  const pseudonymiser = createPseudonymiser()
  const pseudonymiseQuery = pseudonymiser.query
  let count = 0
  let bytes = 0
  let full = false
  return {
    keep(exchange: Exchange) {
      if (full) return
      const url = new URL(exchange.url)
      const path = url.pathname.slice(exchange.basePath.length)
      let body: unknown = exchange.text
      try {
        body = exchange.text === '' ? null : JSON.parse(exchange.text)
      } catch {
        // not JSON: kept as text
      }
      const record: Recorded = {
        method: exchange.method,
        path,
        query: maskQuery(pseudonymiseQuery(url.searchParams)),
        status: exchange.status,
        content_type: exchange.headers.get('content-type'),
        body: pseudonymiser.body(maskSecrets(body)),
      }
      const text = JSON.stringify(record) + '\n'
      if (bytes + text.length > options.limitBytes) {
        full = true
        options.onNotice?.(
          `the recording in ${options.dir} reached its limit (${Math.round(options.limitBytes / 1048576)} MB, --record-limit): it stops here, ${count} answers kept; the proxy goes on`,
        )
        return
      }
      const name =
        `${String(count + 1).padStart(6, '0')}-${exchange.method}${path.replace(/[^\w-]+/g, '-')}`.slice(
          0,
          120,
        )
      try {
        writeFileSync(join(options.dir, `${name}.json`), text)
      } catch (error) {
        full = true
        options.onNotice?.(
          `the recording in ${options.dir} stops: ${(error as Error).message}; the proxy goes on`,
        )
        return
      }
      count++
      bytes += text.length
    },
    status: () => ({ dir: options.dir, records: count, bytes, full }),
  }
}

export type Recorder = ReturnType<typeof createRecorder>
