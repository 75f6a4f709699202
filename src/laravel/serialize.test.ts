import { describe, it, expect } from 'vitest'
import { toDecimal, toTimestamp } from './serialize.js'

describe('toDecimal', () => {
  it.each([
    [19.9, 2, '19.90'], ['19.9', 2, '19.90'], [150, 2, '150.00'], [1.005, 2, '1.01'], ['0.1', 4, '0.1000'],
    [-2.345, 2, '-2.35'], ['-0.001', 2, '0.00'], [1e21, 2, '1000000000000000000000.00'], [0.0000001, 4, '0.0000'],
  ])('%j at scale %i is %j', (value, scale, want) => {
    expect(toDecimal(value, scale)).toBe(want)
  })
})

describe('toTimestamp', () => {
  it('writes Carbon::toJSON with microseconds', () => {
    expect(toTimestamp(new Date('2026-03-24T10:00:00Z'))).toBe('2026-03-24T10:00:00.000000Z')
  })
})
