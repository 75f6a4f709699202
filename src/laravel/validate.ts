// Laravel's validator, for the rules the documented endpoints use, with Laravel 10+ English
// messages. An optional field may be absent or null (clients such as the official SDK send null
// for every optional field). Each field reports its first failing rule. The contract's rules come
// as data (src/generated/rules.ts); what no schema can say comes as checks of the resource's own.
import { ValidationFailed } from './errors.js'
import { snake, type Input } from './input.js'

/**
 * A rule of its own: `numeric` says whether the field is numeric (sizes are values, else
 * lengths); `context` is what validate() was given (the store, for `exists` and `unique`).
 */
export type Check<C = unknown> = (
  value: unknown,
  numeric: boolean,
  context: C,
) => string | undefined
type Named =
  | 'required'
  | 'sometimes'
  | 'string'
  | 'integer'
  | 'numeric'
  | 'boolean'
  | 'email'
  | 'date'
  | 'array'
/** A rule with its parameter, as the contract's are written: `max:255` is `['max', 255]`. */
type Parameterised =
  | readonly ['max' | 'min' | 'gt', number]
  | readonly ['regex', string]
  | readonly ['in', readonly unknown[]]
export type Rule<C = unknown> = Named | Parameterised | Check<C>
declare const validated: unique symbol
/** Each field's rules; `T` is what validate() answers for them (the operation's request schema). */
export type Rules<T = Input, C = unknown> = { readonly [field: string]: readonly Rule<C>[] } & {
  readonly [validated]?: T
}

/** ":attribute" as Laravel shows it: `email_address` and `emailAddress` are "email address". */
export const attributeName = (key: string) =>
  /\.\d/.test(key) ? key : snake(key).replace(/_/g, ' ')

export const isInteger = (v: unknown) =>
  (typeof v === 'number' && Number.isSafeInteger(v)) ||
  (typeof v === 'string' && /^[+-]?(0|[1-9]\d{0,15})$/.test(v))
export const isNumeric = (v: unknown) =>
  (typeof v === 'number' && Number.isFinite(v)) ||
  (typeof v === 'string' &&
    /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v) &&
    Number.isFinite(Number(v)))
export const isBoolean = (v: unknown) => [true, false, 0, 1, '0', '1'].includes(v as never)
const isDate = (v: unknown) => {
  if (typeof v !== 'string') return false
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      v,
    )
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  return (
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    Number(m[4] ?? 0) < 24 &&
    Number(m[5] ?? 0) < 60
  )
}
const EMAIL = /^[^\s@"(),:;<>[\]\\]+@[^\s@"(),:;<>[\]\\]+\.[^\s@"(),:;<>[\]\\]+$/

const builtIn: Record<
  Exclude<Named, 'required' | 'sometimes'>,
  [(v: unknown) => boolean, string]
> = {
  string: [(v) => typeof v === 'string', 'The :attribute field must be a string.'],
  integer: [isInteger, 'The :attribute field must be an integer.'],
  numeric: [isNumeric, 'The :attribute field must be a number.'],
  boolean: [isBoolean, 'The :attribute field must be true or false.'],
  email: [
    (v) => typeof v === 'string' && EMAIL.test(v),
    'The :attribute field must be a valid email address.',
  ],
  date: [isDate, 'The :attribute field must be a valid date.'],
  // A PHP array is a JSON array or object.
  array: [(v) => typeof v === 'object' && v !== null, 'The :attribute field must be an array.'],
}

/** `max:N`: a numeric field's value, else a string's length in characters. */
export const max =
  (limit: number): Check =>
  (v, numeric) =>
    numeric
      ? Number(v) > limit
        ? `The :attribute field must not be greater than ${limit}.`
        : undefined
      : typeof v === 'string' && [...v].length > limit
        ? `The :attribute field must not be greater than ${limit} characters.`
        : undefined
export const min =
  (limit: number): Check =>
  (v, numeric) =>
    numeric
      ? Number(v) < limit
        ? `The :attribute field must be at least ${limit}.`
        : undefined
      : typeof v === 'string' && [...v].length < limit
        ? `The :attribute field must be at least ${limit} characters.`
        : undefined
export const gt =
  (limit: number): Check =>
  (v) =>
    isNumeric(v) && Number(v) > limit
      ? undefined
      : `The :attribute field must be greater than ${limit}.`
/** `in:a,b` and `exists:table,column`: both say "The selected :attribute is invalid." */
export const oneOf =
  <C = unknown>(accepts: (v: unknown, context: C) => boolean): Check<C> =>
  (v, _numeric, context) =>
    accepts(v, context) ? undefined : 'The selected :attribute is invalid.'
export const regex =
  (pattern: RegExp): Check =>
  (v) =>
    typeof v === 'string' && pattern.test(v) ? undefined : 'The :attribute field format is invalid.'
export const unique =
  <C = unknown>(taken: (v: unknown, context: C) => boolean): Check<C> =>
  (v, _numeric, context) =>
    taken(v, context) ? 'The :attribute has already been taken.' : undefined

/** `required` fails on null, and on an empty array or object (both are PHP's empty array). */
const present = (v: unknown) =>
  v !== undefined && v !== null && !(typeof v === 'object' && Object.keys(v).length === 0)

/** The rule a parameterised rule of the contract stands for. */
function checkOf(rule: Parameterised): Check {
  switch (rule[0]) {
    case 'max':
      return max(rule[1])
    case 'min':
      return min(rule[1])
    case 'gt':
      return gt(rule[1])
    case 'regex':
      return regex(new RegExp(rule[1], 'u'))
    case 'in': {
      // A null among the values says the field is nullable (null never reaches the check): the text "null" is no value.
      const values = rule[1].filter((v) => v !== null).map(String)
      return oneOf((v) => values.includes(String(v)))
    }
  }
}

/** A Laravel rule and the column type it casts a valid value to. */
const CASTS: Partial<Record<Named, (v: unknown) => unknown>> = {
  integer: Number,
  boolean: (v) => v === true || v === 1 || v === '1',
}

/**
 * Adds a resource's own rules (what no schema can say: exists, unique, ...) after the contract's,
 * field by field; a field the contract has no rules for comes last.
 */
export function withRules<T, C>(
  rules: Rules<T, unknown>,
  extra: { readonly [field: string]: readonly Rule<C>[] },
): Rules<T, C> {
  const out: Record<string, readonly Rule<C>[]> = { ...rules }
  for (const field of Object.keys(extra)) out[field] = [...(out[field] ?? []), ...extra[field]!]
  return out
}

/** The input key of each field, as sent: the snake_case name, else a legacy camelCase alias (the first one). */
function keysOf(input: Input): (field: string) => string | undefined {
  const aliases = new Map<string, string>()
  // A key without capitals is its own snake_case name: only keys with capitals can be aliases.
  for (const key of Object.keys(input))
    if (/[A-Z]/.test(key) && !aliases.has(snake(key))) aliases.set(snake(key), key)
  return (field) => (field in input ? field : aliases.get(field))
}

/**
 * A field's rules, as validate() reads them, worked out once: whether it is required (`sometimes`:
 * only when sent, as an update requires what a create does), whether it is numeric, its checks, and
 * the cast of its column type.
 */
type FieldRules = {
  field: string
  checks: readonly (Check | Exclude<Named, 'required' | 'sometimes'>)[]
  required: 'always' | 'when sent' | 'never'
  numeric: boolean
  cast: ((v: unknown) => unknown) | undefined
}
const compiled = new WeakMap<object, readonly FieldRules[]>()
/** The rules read once per `Rules` object (a route's rules are built once and reused). */
function compile(rules: Rules<unknown, never>): readonly FieldRules[] {
  let fields = compiled.get(rules)
  if (!fields) {
    fields = Object.entries(rules).map(([field, fieldRules]) => {
      const named = fieldRules.filter((rule): rule is Named => typeof rule === 'string')
      return {
        field,
        checks: fieldRules
          .filter((rule) => rule !== 'required' && rule !== 'sometimes')
          .map((rule) =>
            typeof rule === 'object'
              ? checkOf(rule as Parameterised)
              : (rule as Check | Exclude<Named, 'required' | 'sometimes'>),
          ),
        required: !named.includes('required')
          ? 'never'
          : named.includes('sometimes')
            ? 'when sent'
            : 'always',
        numeric: named.includes('numeric') || named.includes('integer'),
        cast: named.map((rule) => CASTS[rule]).find((cast) => cast !== undefined),
      }
    })
    compiled.set(rules, fields)
  }
  return fields
}

/**
 * Validates `input` against `rules` and answers the validated fields, cast to their column types
 * ("42" is 42, "1" is true), under their snake_case names, absent fields left out; or throws
 * Laravel's ValidationFailed. `context` is handed to the rules' own checks.
 */
export function validate<T = Input, C = unknown>(input: Input, rules: Rules<T, C>, context?: C): T {
  let errors: Record<string, string[]> | undefined
  const data: Input = {}
  const keyOf = keysOf(input)
  for (const { field, checks, required, numeric, cast } of compile(
    rules as Rules<unknown, never>,
  )) {
    const key = keyOf(field) ?? field
    const value = input[key]
    // An absent optional field: nothing to check, nothing to keep (most fields of most requests).
    if (value === undefined && required !== 'always') continue
    const message = firstFailure(value, checks, required !== 'never', numeric, context)
    if (message) (errors ??= {})[key] = [message.replace(':attribute', attributeName(key))]
    else data[field] = cast && value !== null ? cast(value) : value
  }
  if (errors) throw new ValidationFailed(errors)
  return data as T
}

function firstFailure(
  value: unknown,
  checks: FieldRules['checks'],
  required: boolean,
  numeric: boolean,
  context: unknown,
): string | undefined {
  if (required && !present(value)) return 'The :attribute field is required.'
  // An absent or null optional field passes (`nullable`); an empty array is a value, so `string` still refuses it.
  if (value === undefined || value === null) return undefined
  for (const rule of checks) {
    if (typeof rule === 'function') {
      const message = rule(value, numeric, context)
      if (message) return message
      continue
    }
    const [passes, message] = builtIn[rule]
    if (!passes(value)) return message
  }
  return undefined
}
