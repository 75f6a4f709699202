// Laravel's validator, for the rules the documented endpoints use, with Laravel 10+ English
// messages. An optional field may be absent or null (clients such as the official SDK send null
// for every optional field). Each field reports its first failing rule.
import { ValidationFailed } from './errors.js'
import { snake, type Input } from './input.js'

/** A rule of its own; `numeric` says whether the field is numeric (sizes are values, else lengths). */
type Check = (value: unknown, numeric: boolean) => string | undefined
export type Rule = 'required' | 'string' | 'integer' | 'numeric' | 'boolean' | 'email' | 'date' | 'array' | Check
export type Rules = Readonly<Record<string, readonly Rule[]>>

/** ":attribute" as Laravel shows it: `email_address` and `emailAddress` are "email address". */
export const attributeName = (key: string) => (/\.\d/.test(key) ? key : snake(key).replace(/_/g, ' '))

export const isInteger = (v: unknown) =>
  (typeof v === 'number' && Number.isSafeInteger(v)) || (typeof v === 'string' && /^[+-]?(0|[1-9]\d{0,15})$/.test(v))
export const isNumeric = (v: unknown) =>
  (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v) && Number.isFinite(Number(v)))
export const isBoolean = (v: unknown) => [true, false, 0, 1, '0', '1'].includes(v as never)
const isDate = (v: unknown) => {
  if (typeof v !== 'string') return false
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(v)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && Number(m[4] ?? 0) < 24 && Number(m[5] ?? 0) < 60
}
const EMAIL = /^[^\s@"(),:;<>[\]\\]+@[^\s@"(),:;<>[\]\\]+\.[^\s@"(),:;<>[\]\\]+$/

const builtIn: Record<Exclude<Rule, Check | 'required'>, [(v: unknown) => boolean, string]> = {
  string: [(v) => typeof v === 'string', 'The :attribute field must be a string.'],
  integer: [isInteger, 'The :attribute field must be an integer.'],
  numeric: [isNumeric, 'The :attribute field must be a number.'],
  boolean: [isBoolean, 'The :attribute field must be true or false.'],
  email: [(v) => typeof v === 'string' && EMAIL.test(v), 'The :attribute field must be a valid email address.'],
  date: [isDate, 'The :attribute field must be a valid date.'],
  // A PHP array is a JSON array or object.
  array: [(v) => typeof v === 'object' && v !== null, 'The :attribute field must be an array.'],
}

/** `max:N`: a numeric field's value, else a string's length in characters. */
export const max = (limit: number): Check => (v, numeric) =>
  numeric ? (Number(v) > limit ? `The :attribute field must not be greater than ${limit}.` : undefined)
  : typeof v === 'string' && [...v].length > limit ? `The :attribute field must not be greater than ${limit} characters.` : undefined
export const min = (limit: number): Check => (v, numeric) =>
  numeric ? (Number(v) < limit ? `The :attribute field must be at least ${limit}.` : undefined)
  : typeof v === 'string' && [...v].length < limit ? `The :attribute field must be at least ${limit} characters.` : undefined
export const gt = (limit: number): Check => (v) => (isNumeric(v) && Number(v) > limit ? undefined : `The :attribute field must be greater than ${limit}.`)
/** `in:a,b` and `exists:table,column`: both say "The selected :attribute is invalid." */
export const oneOf = (accepts: (v: unknown) => boolean): Check => (v) => (accepts(v) ? undefined : 'The selected :attribute is invalid.')
export const regex = (pattern: RegExp): Check => (v) => (typeof v === 'string' && pattern.test(v) ? undefined : 'The :attribute field format is invalid.')
export const unique = (taken: (v: unknown) => boolean): Check => (v) => (taken(v) ? 'The :attribute has already been taken.' : undefined)

/** `required` fails on null, and on an empty array or object (both are PHP's empty array). */
const present = (v: unknown) => v !== undefined && v !== null && !(typeof v === 'object' && Object.keys(v).length === 0)

/** The input key of each field, as sent: the snake_case name, else a legacy camelCase alias (the first one). */
function keysOf(input: Input): (field: string) => string | undefined {
  const aliases = new Map<string, string>()
  // A key without capitals is its own snake_case name: only keys with capitals can be aliases.
  for (const key of Object.keys(input)) if (/[A-Z]/.test(key) && !aliases.has(snake(key))) aliases.set(snake(key), key)
  return (field) => (field in input ? field : aliases.get(field))
}

/** A field's rules, as validate() reads them: whether it is required and numeric is known once. */
type FieldRules = { field: string; rules: readonly Exclude<Rule, 'required'>[]; required: boolean; numeric: boolean }
const compiled = new WeakMap<Rules, readonly FieldRules[]>()
/** The rules read once per `Rules` object (a route's rules are built once and reused). */
function compile(rules: Rules): readonly FieldRules[] {
  let fields = compiled.get(rules)
  if (!fields) {
    fields = Object.entries(rules).map(([field, fieldRules]) => ({
      field,
      rules: fieldRules.filter((rule): rule is Exclude<Rule, 'required'> => rule !== 'required'),
      required: fieldRules.includes('required'),
      numeric: fieldRules.includes('numeric') || fieldRules.includes('integer'),
    }))
    compiled.set(rules, fields)
  }
  return fields
}

/**
 * Validates `input` against `rules` and answers the validated fields (under their snake_case
 * names, absent fields left out), or throws Laravel's ValidationFailed.
 */
export function validate(input: Input, rules: Rules): Input {
  let errors: Record<string, string[]> | undefined
  const data: Input = {}
  const keyOf = keysOf(input)
  for (const { field, rules: fieldRules, required, numeric } of compile(rules)) {
    const key = keyOf(field) ?? field
    const value = input[key]
    // An absent optional field: nothing to check, nothing to keep (most fields of most requests).
    if (value === undefined && !required) continue
    const message = firstFailure(value, fieldRules, required, numeric)
    if (message) (errors ??= {})[key] = [message.replace(':attribute', attributeName(key))]
    else data[field] = value
  }
  if (errors) throw new ValidationFailed(errors)
  return data
}

function firstFailure(value: unknown, rules: FieldRules['rules'], required: boolean, numeric: boolean): string | undefined {
  if (required && !present(value)) return 'The :attribute field is required.'
  // An absent or null optional field passes (`nullable`); an empty array is a value, so `string` still refuses it.
  if (value === undefined || value === null) return undefined
  for (const rule of rules) {
    if (typeof rule === 'function') {
      const message = rule(value, numeric)
      if (message) return message
      continue
    }
    const [passes, message] = builtIn[rule]
    if (!passes(value)) return message
  }
  return undefined
}

/**
 * `sometimes`: on an update every field is optional, but a field that is sent (under its name or a
 * camelCase alias) gets all its rules, `required` included, so it cannot be emptied.
 */
export function sometimes(rules: Rules, input: Input): Rules {
  const keyOf = keysOf(input)
  return Object.fromEntries(Object.entries(rules).map(([field, fieldRules]) => [field, keyOf(field) === undefined ? fieldRules.filter((r) => r !== 'required') : fieldRules]))
}
