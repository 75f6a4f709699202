// The JSON of answers and of the persisted state, as UTF-8 bytes. A stored row is frozen and never
// changes (a write replaces it), so its bytes are made once and reused by every answer and every
// write of the file that holds it: a page of 25 customers is mostly 25 buffers copied end to end,
// and the server neither measures nor encodes the text again. The cache is weak: a replaced or
// removed row takes its bytes with it.
type Bytes = Buffer<ArrayBuffer>
const rowBytes = new WeakMap<object, Bytes>()
const keys = new Map<string, string>()
/** Column names are few; keys a client made up (pivot columns) are quoted afresh once this many are known. */
const MAX_KEYS = 10_000

const keyText = (key: string) => {
  let text = keys.get(key)
  if (text === undefined) {
    text = `${JSON.stringify(key)}:`
    if (keys.size < MAX_KEYS) keys.set(key, text)
  }
  return text
}

/** Text between the cached rows, encoded once per stretch. */
class Output {
  #parts: Bytes[] = []
  #length = 0
  text = ''

  add(bytes: Bytes) {
    this.#flush()
    this.#parts.push(bytes)
    this.#length += bytes.length
  }

  bytes(): Bytes {
    this.#flush()
    return this.#parts.length === 1 ? this.#parts[0]! : Buffer.concat(this.#parts, this.#length)
  }

  #flush() {
    if (!this.text) return
    const bytes = Buffer.from(this.text)
    this.#parts.push(bytes)
    this.#length += bytes.length
    this.text = ''
  }
}

const joined = new WeakMap<object, { row: object; members: Record<string, unknown> }>()

/**
 * `{ ...row, ...members }` (a stored row with its relations), whose JSON is the row's cached
 * bytes followed by the members': an answer's one object need not be encoded key by key.
 */
export function withMembers<R extends object, M extends Record<string, unknown>>(row: R, members: M): R & M {
  const value = { ...row, ...members }
  if (Object.isFrozen(row) && Object.keys(members).every((key) => !(key in row))) joined.set(value, { row, members })
  return value
}

const bytesOf = (row: object) => {
  let bytes = rowBytes.get(row)
  if (!bytes) rowBytes.set(row, (bytes = Buffer.from(JSON.stringify(row))))
  return bytes
}

/** The bytes of `JSON.stringify(value)` (for the plain data answers hold), with stored rows' bytes cached. */
export function toJsonBytes(value: unknown): Bytes {
  const out = new Output()
  if (!write(value, out)) out.text += 'null'
  return out.bytes()
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
  if (value === null) {
    out.text += 'null'
  } else if (Object.isFrozen(value)) {
    out.add(bytesOf(value))
  } else if (joined.has(value)) {
    const { row, members } = joined.get(value)!
    const bytes = bytesOf(row)
    let first = bytes.length === 2 // `{}`
    out.add(bytes.subarray(0, -1))
    for (const key of Object.keys(members)) {
      const member = members[key]
      if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue
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
      if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue
      out.text += first ? keyText(key) : `,${keyText(key)}`
      first = false
      write(member, out)
    }
    out.text += '}'
  }
  return true
}
