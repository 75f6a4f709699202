import { describe, it, expect } from 'vitest'
import { validate, gt, max, oneOf, type Rules } from './validate.js'
import { ValidationFailed } from './errors.js'

const rules: Rules = {
  name: ['required', 'string', max(10)],
  email_address: ['email'],
  charge_vat: ['boolean'],
  brand_id: ['integer', oneOf((v) => Number(v) === 1)],
  quantity: ['numeric', gt(0)],
  services_start: ['date'],
}
const errorsOf = (input: Record<string, unknown>) => {
  try {
    validate(input, rules)
  } catch (e) {
    if (e instanceof ValidationFailed) return e.body()
    throw e
  }
  return undefined
}

describe('validate (Laravel validator)', () => {
  it('answers the validated fields, reading legacy camelCase keys as their snake_case field', () => {
    expect(
      validate({ name: 'Acme', chargeVAT: true, emailAddress: null, extra: 1 }, rules),
    ).toEqual({ name: 'Acme', charge_vat: true, email_address: null })
  })

  it('words the messages like Laravel 10+ and summarises the others', () => {
    expect(
      errorsOf({
        email_address: 'nope',
        charge_vat: 'yes',
        brand_id: 'x',
        quantity: 0,
        services_start: '2026-02-30',
      }),
    ).toEqual({
      message: 'The name field is required. (and 5 more errors)',
      errors: {
        name: ['The name field is required.'],
        email_address: ['The email address field must be a valid email address.'],
        charge_vat: ['The charge vat field must be true or false.'],
        brand_id: ['The brand id field must be an integer.'],
        quantity: ['The quantity field must be greater than 0.'],
        services_start: ['The services start field must be a valid date.'],
      },
    })
  })

  it('names a camelCase key as the client sent it', () => {
    expect(errorsOf({ name: 'a', brandId: 2 })).toEqual({
      message: 'The selected brand id is invalid.',
      errors: { brandId: ['The selected brand id is invalid.'] },
    })
  })

  it.each([
    [{ name: 'x'.repeat(11) }, 'The name field must not be greater than 10 characters.'],
    [{ name: 42 }, 'The name field must be a string.'],
    [{ name: 'a', quantity: '1e999' }, 'The quantity field must be a number.'],
    [{ name: 'a', brand_id: 1.5 }, 'The brand id field must be an integer.'],
  ])('rejects %j', (input, message) => {
    expect(errorsOf(input)?.message).toBe(message)
  })

  it.each([
    [{ name: 'a', charge_vat: '0', brand_id: '1', quantity: '0.5', services_start: '2026-04-01' }],
    [{ name: 'a', quantity: 3 }],
  ])('accepts %j', (input) => {
    expect(errorsOf(input)).toBeUndefined()
  })
})
