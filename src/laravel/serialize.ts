// How Eloquent serialises columns: timestamps as UTC with microseconds, dates as Y-m-d, decimals
// as strings at the column's scale.

/** Carbon::toJSON(): `2026-03-24T10:00:00.000000Z`. */
export function toTimestamp(date: Date | string): string {
  // toISOString always ends in `.sssZ`: three more digits of microseconds.
  return `${(typeof date === 'string' ? new Date(date) : date).toISOString().slice(0, -1)}000Z`
}

/** A DECIMAL(_, scale) column as PDO returns it, rounded half up like BigDecimal::toScale. */
export function toDecimal(value: number | string, scale = 2): string {
  let text = typeof value === 'number' ? (Number.isInteger(value) ? BigInt(value).toString() : String(value)) : value.trim()
  if (/e/i.test(text)) text = Number(text).toFixed(20)
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text)
  if (!match) throw new TypeError(`Not a decimal: ${String(value)}`)
  const [, sign = '', whole = '', fraction = ''] = match
  const digits = BigInt((whole || '0') + fraction.padEnd(scale + 1, '0').slice(0, scale + 1))
  const rounded = (digits + 5n) / 10n
  const padded = rounded.toString().padStart(scale + 1, '0')
  const body = scale ? `${padded.slice(0, -scale)}.${padded.slice(-scale)}` : padded
  return rounded === 0n || sign !== '-' ? body : `-${body}`
}
