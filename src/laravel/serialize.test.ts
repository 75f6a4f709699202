import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { timestampAt, toDecimal, toTimestamp } from './serialize.js'

describe('toDecimal', () => {
  it.each([
    [19.9, 2, '19.90'],
    ['19.9', 2, '19.90'],
    [150, 2, '150.00'],
    [1.005, 2, '1.01'],
    ['0.1', 4, '0.1000'],
    [-2.345, 2, '-2.35'],
    ['-0.001', 2, '0.00'],
    [1e21, 2, '1000000000000000000000.00'],
    [0.0000001, 4, '0.0000'],
  ])('%j at scale %i is %j', (value, scale, want) => {
    expect(toDecimal(value, scale)).toBe(want)
  })
})

describe('toTimestamp', () => {
  it('writes Carbon::toJSON with microseconds', () => {
    expect(toTimestamp(new Date('2026-03-24T10:00:00Z'))).toBe('2026-03-24T10:00:00.000000Z')
  })

  it('writes what Date#toISOString writes, with microseconds, from a time in milliseconds, whatever the time (and throws the same for none)', () => {
    const carbon = (ms: number) => `${new Date(ms).toISOString().slice(0, -1)}000Z`
    const edges = [
      0,
      -1,
      86_399_999,
      86_400_000,
      Date.UTC(2000, 1, 29),
      Date.UTC(2100, 1, 28, 23, 59, 59, 999),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(0, 0, 1) - 1,
    ]
    for (const ms of edges) expect(timestampAt(ms)).toBe(carbon(ms))
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
        expect(timestampAt(ms)).toBe(carbon(ms))
      }),
      { numRuns: 2000 },
    )
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 3e14 }), (ms) => {
        expect(timestampAt(ms)).toBe(carbon(ms))
      }),
      { numRuns: 2000 },
    )
    for (let n = 0; n <= 2_000_200; n += 997)
      expect(timestampAt(Date.UTC(2025, 0, 6, 9) + n * 86_400_000 + n)).toBe(
        carbon(Date.UTC(2025, 0, 6, 9) + n * 86_400_000 + n),
      )
    expect(timestampAt(1.5)).toBe(carbon(1.5))
    expect(toTimestamp('2026-03-24T10:00:00+02:00')).toBe('2026-03-24T08:00:00.000000Z')
    expect(() => timestampAt(NaN)).toThrow(RangeError)
    expect(() => toTimestamp('not a date')).toThrow(RangeError)
  })
})
