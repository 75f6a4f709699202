import { describe, it, expect } from 'vitest'
import { loadDocument } from './conforms.js'
import { conditionalReasons, documentedPairs } from './coverage.js'

const pairs = documentedPairs(loadDocument() as any)
const options = { salesToken: true, login: true }

describe('conditionalReasons', () => {
  it('says why a readonly run leaves the writes out: everything but their 401, which it does check', () => {
    const reasons = conditionalReasons(pairs, { ...options, profile: 'readonly' })
    for (const key of [
      'createCustomer 201',
      'createCustomer 422',
      'deleteCustomer 200',
      'updateItem 201',
      'syncCustomerServices 201',
    ])
      expect(reasons[key], key).toBe('a write: needs --profile full')
    for (const key of [
      'createCustomer 401',
      'deleteCustomer 401',
      'login 401',
      'login 422',
      'listCustomers 200',
      'getCustomer 404',
    ])
      expect(reasons[key], key).toBeUndefined()
  })

  it('leaves every write to the full profile, and names what else a run needs', () => {
    expect(conditionalReasons(pairs, { ...options, profile: 'full' })).toEqual({})
    const bare = conditionalReasons(pairs, { salesToken: false, login: false, profile: 'full' })
    expect(bare['login 200']).toBe('needs --email and --password')
    expect(bare['deleteCustomer 403']).toBe('needs --sales-token (a user below the tech level)')
  })
})
