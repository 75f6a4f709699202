// The documented rules that show across the answers a client gets, when one of them is a write:
// an update moves updated_at (writes.ts's movedOn, as checkUpdate judges it), and a refused delete
// leaves the record (checkGuardedDelete). The proxy remembers the last record each path answered
// and the deletes refused, and judges each later answer against them.
import type { Answer, Verify } from './checks.js'
import { movedOn } from './writes.js'

/** Records remembered: enough for a client's working set, never the whole instance. */
const REMEMBERED = 2000

export function createSequenceRules() {
  const records = new Map<string, Record<string, unknown>>()
  const refused = new Set<string>()
  const remember = (path: string, body: Record<string, unknown>) => {
    records.delete(path)
    records.set(path, body)
    if (records.size > REMEMBERED) records.delete(records.keys().next().value!)
  }

  /** The rules that apply to `answer`, each to be run on its own; the memory is updated after them. */
  return function rulesFor(answer: Answer): ((verify: Verify) => void)[] {
    const path = new URL(answer.request.url, 'http://x').pathname.replace(/\/+$/, '')
    const { method } = answer.request
    const body = answer.body as Record<string, unknown> | undefined
    const record = body && typeof body === 'object' && !Array.isArray(body) ? body : undefined
    const rules: ((verify: Verify) => void)[] = []
    const before = records.get(path)
    if (['PUT', 'PATCH'].includes(method) && [200, 201].includes(answer.status)) {
      const sent = answer.request.body as Record<string, unknown> | undefined
      const changed =
        before &&
        sent &&
        typeof sent === 'object' &&
        Object.entries(sent).some(
          ([k, v]) =>
            v !== null && typeof v !== 'object' && k in before && String(before[k]) !== String(v),
        )
      const [from, to] = [before?.updated_at, record?.updated_at]
      if (changed && typeof from === 'string' && typeof to === 'string')
        rules.push((verify) =>
          verify(answer, 'Laravel Eloquent timestamps: an update moves updated_at').that(
            movedOn(from, to, answer.headers.get('date')),
            `updated_at did not move: ${from} before, ${to} after a change`,
          ),
        )
    }
    if (method === 'GET' && answer.status === 404 && refused.has(path))
      rules.push((verify) =>
        verify(answer, 'a refused delete leaves the record (seeds/000, seeds/004 DELETE)').status(
          200,
        ),
      )
    if (method === 'GET' && answer.status === 200 && record) remember(path, record)
    if (['PUT', 'PATCH'].includes(method) && [200, 201].includes(answer.status) && record)
      remember(path, record)
    if (method === 'DELETE' && answer.status === 422) refused.add(path)
    if (method === 'DELETE' && answer.status < 300) {
      refused.delete(path)
      records.delete(path)
    }
    return rules
  }
}
