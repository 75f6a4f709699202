// A client that writes the legacy names (the official PHP SDK) and is answered in the documented
// ones reads its fields back as null, and a read-modify-write then resets them: the sandbox says so.
import { describe, it, expect } from 'vitest'
import { createTestSandbox } from './sandbox.js'

describe('legacy names answered in the docs dialect', () => {
  it('warns in X-Sandbox-Warning, naming the legacy names and how to be answered in them', async () => {
    const s = createTestSandbox()
    const updated = await s.put('/api/v1/customers/42', {
      onCallDuty: true,
      mainAddressCity: 'Lyon',
    })
    expect(updated.status).toBe(200)
    expect(updated.body.on_call_duty).toBe(true)
    const warning = updated.headers.get('x-sandbox-warning')
    expect(warning).toMatch(
      /uses legacy names \(onCallDuty, mainAddressCity\) and was answered in the documented ones/,
    )
    expect(warning).toMatch(/--dialect legacy, or send X-BlueRockTEL-Dialect: legacy/)
    const sorted = await s.get('/api/v1/customers?sort=-customerAccount&per_page=2')
    expect(sorted.headers.get('x-sandbox-warning')).toMatch(/legacy names \(customerAccount\)/)
  })

  it('says nothing when the answer is in the legacy dialect, or the request uses the documented names', async () => {
    const s = createTestSandbox()
    const legacy = await s.put(
      '/api/v1/customers/42',
      { onCallDuty: true },
      { headers: { 'X-BlueRockTEL-Dialect': 'legacy' }, unchecked: true },
    )
    expect(legacy.body.onCallDuty).toBe(true)
    expect(legacy.headers.get('x-sandbox-warning')).toBeNull()
    const documented = await s.put('/api/v1/customers/42', { on_call_duty: false, brand_id: 1 })
    expect(documented.headers.get('x-sandbox-warning')).toBeNull()
  })

  it('tells the operator once, not at every request', async () => {
    const notices: string[] = []
    const s = createTestSandbox({ app: { onNotice: (message) => notices.push(message) } })
    await s.put('/api/v1/customers/42', { onCallDuty: true })
    await s.put('/api/v1/customers/43', { chargeVAT: false })
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatch(
      /^PUT \/api\/v1\/customers\/42: This request uses legacy names \(onCallDuty\)/,
    )
  })
})
