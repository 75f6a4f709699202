// The JSON of answers and of the persisted state, as UTF-8 bytes. A value handed to cacheJson() (a
// stored row, a page's links) never changes: a write replaces a row. So its bytes are made once and
// reused by every answer and every write of the file that holds it: a page of 25 customers is
// mostly 25 buffers copied end to end, and the server neither measures nor encodes the text again.
// The cache is weak: a replaced or removed row takes its bytes with it.
//
// cacheJson() freezes what it is given, deeply, and the encoder knows a cached value by its being
// frozen: reading that bit is what the encoder can afford per value (a WeakSet of the 440,000 rows of
// a 100k-customer sandbox cost its start-up some 150 ms). So nothing else in the sandbox freezes
// an object (the architecture test checks it), and a frozen value is one that cacheJson() made.
import { BoundedMap } from '../bounded-map.js'

type Bytes = Buffer<ArrayBuffer>
const rowBytes = new WeakMap<object, Bytes>()
/** The JSON of keys: column names are few; keys a client made up (pivot columns) can be many. */
const keys = new BoundedMap<string, string>(10_000)

const keyText = (key: string) => {
  let text = keys.get(key)
  if (text === undefined) {
    text = `${JSON.stringify(key)}:`
    keys.set(key, text)
  }
  return text
}

/** The bytes of a short text that is ASCII (the punctuation between rows, mostly), or -1: written without a call into Node. */
function asciiLength(text: string): number {
  if (text.length > 16) return -1
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return -1
  return text.length
}

/** An answer's pieces, cached bytes and the text between them, put together once at the end. */
class Output {
  #parts: (Bytes | string)[] = []
  #length = 0
  text = ''

  add(bytes: Bytes) {
    this.#flush()
    this.#parts.push(bytes)
    this.#length += bytes.length
  }

  bytes(allocate: Allocate): Bytes {
    this.#flush()
    const parts = this.#parts
    if (parts.length === 1 && typeof parts[0] !== 'string') return parts[0]!
    const out = allocate(this.#length)
    let at = 0
    for (const part of parts) {
      if (typeof part !== 'string') at += part.copy(out, at)
      else if (asciiLength(part) < 0) at += out.write(part, at)
      else for (let i = 0; i < part.length; i++) out[at++] = part.charCodeAt(i)
    }
    // The buffer may be one used before: every byte of it must be this answer's.
    if (at !== out.length) throw new Error(`JSON of ${out.length} bytes written as ${at}`)
    return out
  }

  #flush() {
    if (!this.text) return
    this.#parts.push(this.text)
    const ascii = asciiLength(this.text)
    this.#length += ascii < 0 ? Buffer.byteLength(this.text) : ascii
    this.text = ''
  }
}

/** Whether `value` went through cacheJson() (see the top of this file for why frozen says so). */
const isCached = (value: object) => Object.isFrozen(value)

/** Freezes `value` and every object it holds, down to the leaves (those already frozen are done). */
function freezeDeeply(value: object) {
  Object.freeze(value)
  // for-in rather than Object.keys: no array made per object (the pivots' 200,000 `extra` of a
  // 100k-customer sandbox are mostly empty). Plain data has no inherited enumerable keys.
  for (const key in value) {
    const member = (value as Record<string, unknown>)[key]
    if (typeof member === 'object' && member !== null && !Object.isFrozen(member))
      freezeDeeply(member)
  }
}

/**
 * Makes `value` read-only, deeply, and lets every answer that holds it reuse its JSON bytes, made
 * once. The one way a value's bytes are cached: the store's rows, a page's links.
 */
export function cacheJson<T extends object>(value: T): T {
  freezeDeeply(value)
  return value
}

/** The one empty object rows share for an empty nested value (a pivot without extra columns). */
const EMPTY = Object.freeze({})
const isEmpty = (value: object) => {
  for (const _key in value) return false
  return true
}

/**
 * cacheJson() for a row whose objects are only in its `nested` columns: at start-up, looking at
 * every column of 440,000 rows for objects would cost four times their freezing. An empty nested
 * object becomes the shared one, which is already frozen (freezing 200,000 of them was most of the
 * time the pivots of a 100k-customer sandbox took to load).
 */
export function cacheRow<T extends object>(row: T, nested: readonly string[] | undefined): T {
  if (nested)
    for (const key of nested) {
      const member = (row as Record<string, unknown>)[key]
      if (typeof member !== 'object' || member === null || Object.isFrozen(member)) continue
      if (isEmpty(member) && !Array.isArray(member) && !Object.isFrozen(row))
        (row as Record<string, unknown>)[key] = EMPTY
      else freezeDeeply(member)
    }
  return Object.freeze(row)
}

/** What a joined value (`withMembers`) is made of; only its proxy's `get` answers this key. */
const PARTS = Symbol('parts')
type Parts = { row: Record<PropertyKey, unknown>; members: Record<PropertyKey, unknown> }
const has = (parts: Parts, key: PropertyKey) =>
  Object.hasOwn(parts.members, key) || Object.hasOwn(parts.row, key)
const valueIn = (parts: Parts, key: PropertyKey) =>
  Object.hasOwn(parts.members, key) ? parts.members[key] : parts.row[key]
const refuse = () => false
/** A read-only view of a row and its members, as the one object `{ ...row, ...members }` would be. */
const joinedView: ProxyHandler<Parts> = {
  get: (parts, key) =>
    key === PARTS
      ? parts
      : has(parts, key)
        ? valueIn(parts, key)
        : (Object.prototype as Record<PropertyKey, unknown>)[key],
  has,
  ownKeys: (parts) => [...Object.keys(parts.row), ...Object.keys(parts.members)],
  getOwnPropertyDescriptor: (parts, key) =>
    has(parts, key)
      ? { value: valueIn(parts, key), writable: true, enumerable: true, configurable: true }
      : undefined,
  set: refuse,
  defineProperty: refuse,
  deleteProperty: refuse,
}

/**
 * `{ ...row, ...members }` (a stored row with its relations), read-only, without copying the
 * row: a view whose JSON is the row's cached bytes followed by the members'. A customer has some
 * fifty columns, and copying them cost a GET by id more than encoding the contacts.
 */
export function withMembers<R extends object, M extends Record<string, unknown>>(
  row: R,
  members: M,
): R & M {
  if (!isCached(row) || Object.keys(members).some((key) => key in row))
    return { ...row, ...members }
  return new Proxy({ row, members } as Parts, joinedView) as unknown as R & M
}

const bytesOf = (row: object) => {
  let bytes = rowBytes.get(row)
  if (!bytes) rowBytes.set(row, (bytes = Buffer.from(JSON.stringify(row))))
  return bytes
}

/** Where the bytes of a JSON text of `length` bytes go (uninitialised memory: each byte is written). */
export type Allocate = (length: number) => Bytes
const allocateUnsafe: Allocate = (length) => Buffer.allocUnsafe(length) as Bytes

/** The bytes of `JSON.stringify(value)` (for the plain data answers hold), with stored rows' bytes cached. */
export function toJsonBytes(value: unknown, allocate: Allocate = allocateUnsafe): Bytes {
  const out = new Output()
  if (!write(value, out)) out.text += 'null'
  return out.bytes(allocate)
}

/** Appends the JSON of `value`; false for what JSON leaves out (undefined, functions). */
function write(value: unknown, out: Output): boolean {
  switch (typeof value) {
    case 'string':
      out.text += JSON.stringify(value)
      return true
    case 'number':
      out.text += Number.isFinite(value) ? String(value) : 'null'
      return true
    case 'boolean':
      out.text += value ? 'true' : 'false'
      return true
    case 'object':
      break
    default:
      return false
  }
  const cached = value === null ? undefined : rowBytes.get(value)
  if (value === null) {
    out.text += 'null'
  } else if (cached !== undefined || isCached(value)) {
    // A cached value: its bytes (looked up first: Object.isFrozen is a call into the runtime).
    out.add(cached ?? bytesOf(value))
  } else if ((value as { [PARTS]?: Parts })[PARTS]) {
    const { row, members } = (value as { [PARTS]: Parts })[PARTS]
    const bytes = bytesOf(row)
    let first = bytes.length === 2 // `{}`
    out.add(bytes.subarray(0, -1))
    for (const key of Object.keys(members)) {
      const member = members[key]
      if (member === undefined || typeof member === 'function' || typeof member === 'symbol')
        continue
      out.text += first ? keyText(key) : `,${keyText(key)}`
      first = false
      write(member, out)
    }
    out.text += '}'
  } else if (Array.isArray(value)) {
    out.text += '['
    for (let i = 0; i < value.length; i++) {
      if (i) out.text += ','
      if (!write(value[i], out)) out.text += 'null'
    }
    out.text += ']'
  } else if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    out.text += JSON.stringify(value)
  } else {
    out.text += '{'
    let first = true
    for (const key of Object.keys(value)) {
      const member = (value as Record<string, unknown>)[key]
      if (member === undefined || typeof member === 'function' || typeof member === 'symbol')
        continue
      out.text += first ? keyText(key) : `,${keyText(key)}`
      first = false
      write(member, out)
    }
    out.text += '}'
  }
  return true
}
