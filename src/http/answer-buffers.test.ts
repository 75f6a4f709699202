import { EventEmitter } from 'node:events'
import type { ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { createAnswerBuffers } from './answer-buffers.js'
import { toJsonBytes } from '../store/json-bytes.js'

/** Stands for a Node response: only its 'finish' matters here. */
const response = () => new EventEmitter() as unknown as ServerResponse
const sameMemory = (a: Buffer, b: Buffer) => a.buffer === b.buffer && a.byteOffset === b.byteOffset

describe('answer buffers', () => {
  it('gives a large answer’s buffer again only once its response has finished', () => {
    const buffers = createAnswerBuffers()
    const first = response()
    const a = buffers.take(40_000, first)
    expect(a.length).toBe(40_000)
    // Still being written: the next answer gets other memory.
    const second = response()
    const b = buffers.take(40_000, second)
    expect(sameMemory(a, b)).toBe(false)
    first.emit('finish')
    expect(buffers.kept()).toBe(1)
    const c = buffers.take(33_000, response())
    expect(c.length).toBe(33_000)
    expect(sameMemory(a, c)).toBe(true)
    expect(buffers.kept()).toBe(0)
  })

  it('never takes back a buffer whose response did not finish (a connection cut mid-answer)', () => {
    const buffers = createAnswerBuffers()
    const cut = response()
    buffers.take(10_000, cut)
    cut.emit('close')
    expect(buffers.kept()).toBe(0)
  })

  it('leaves small answers to Node’s pool, and answers without a response or above 1 MB to the allocator', () => {
    const buffers = createAnswerBuffers()
    const outgoing = response()
    buffers.take(4095, outgoing)
    buffers.take(40_000, undefined)
    buffers.take(2 * 1024 * 1024, outgoing)
    outgoing.emit('finish')
    expect(buffers.kept()).toBe(0)
  })

  it('keeps a bounded number of buffers of each size', () => {
    const buffers = createAnswerBuffers()
    const all = Array.from({ length: 8 }, () => response())
    for (const outgoing of all) buffers.take(600_000, outgoing) // 1 MB each
    for (const outgoing of all) outgoing.emit('finish')
    expect(buffers.kept()).toBe(2)
  })

  it('writes every byte of a buffer used before, so nothing of the last answer shows through', () => {
    const buffers = createAnswerBuffers()
    const outgoing = response()
    const used = buffers.take(20_000, outgoing).fill('x') // a 32 KB buffer
    outgoing.emit('finish')
    const value = {
      data: Array.from({ length: 100 }, (_, id) =>
        Object.freeze({ id, name: `Société ${id}`, note: 'é'.repeat(100) }),
      ),
    }
    const bytes = toJsonBytes(value, (length) => buffers.take(length, response()))
    expect(sameMemory(bytes, used)).toBe(true)
    expect(bytes.toString('utf8')).toBe(JSON.stringify(value))
  })
})
