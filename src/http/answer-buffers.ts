// Buffers for the bytes of large answers, used again once Node has written them. An answer of a
// few kilobytes comes out of Node's own buffer pool; a larger one (a page of 25 customers is some
// 40 KB) would be memory fresh from the allocator each time, which the kernel maps in page by
// page on the first write and takes back when the garbage collector frees it: a tenth of the
// time of such an answer went to those page faults. A buffer goes back to its pool only when the
// response says it is finished (Node has handed every byte to the socket); an answer whose
// connection was cut never gives its buffer back and is collected as usual.
import type { ServerResponse } from 'node:http'

type Bytes = Buffer<ArrayBuffer>

/** Below this, `Buffer.allocUnsafe` takes from Node's pool (half its 8 KB). */
const POOLED_FROM = 4096
/** The sizes kept: powers of two from 8 KB to 1 MB; larger answers are allocated each time. */
const SMALLEST_SHIFT = 13
const LARGEST_SHIFT = 20
/** Buffers kept per size, at most this many bytes' worth (and at least two). */
const KEPT_BYTES = 2 * 1024 * 1024

/** The index of the size that holds `length` bytes, or -1 for a length not pooled. */
function sizeIndex(length: number): number {
  if (length < POOLED_FROM || length > 1 << LARGEST_SHIFT) return -1
  const shift = Math.max(SMALLEST_SHIFT, 32 - Math.clz32(length - 1))
  return shift - SMALLEST_SHIFT
}

export type AnswerBuffers = {
  /** `length` bytes for an answer `outgoing` will write; without a response to wait for, a buffer of its own. */
  take(length: number, outgoing: ServerResponse | undefined): Bytes
  /** How many buffers wait in the pools (for tests). */
  kept(): number
}

export function createAnswerBuffers(): AnswerBuffers {
  const pools: Bytes[][] = Array.from({ length: LARGEST_SHIFT - SMALLEST_SHIFT + 1 }, () => [])
  return {
    take(length, outgoing) {
      const index = outgoing ? sizeIndex(length) : -1
      if (index < 0) return Buffer.allocUnsafe(length) as Bytes
      const pool = pools[index]!
      const size = 1 << (index + SMALLEST_SHIFT)
      const whole = pool.pop() ?? (Buffer.allocUnsafeSlow(size) as Bytes)
      outgoing!.once('finish', () => {
        if (pool.length < Math.max(2, KEPT_BYTES / size)) pool.push(whole)
      })
      return whole.subarray(0, length)
    },
    kept: () => pools.reduce((n, pool) => n + pool.length, 0),
  }
}
