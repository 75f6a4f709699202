// A deliberately broken BlueRockTEL: a proxy in front of a good instance that breaks one thing,
// so a test can prove the conformance kit notices.
import { createServer, type Server } from 'node:http'

export type Break = 'drop-required-field' | 'created-as-200' | 'ignore-per-page'

export function startBrokenProxy(upstream: string, breakage: Break): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', upstream)
    if (breakage === 'ignore-per-page') url.searchParams.delete('per_page')
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k))) as Record<string, string>
    const answer = await fetch(url, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined })
    let status = answer.status
    let text = await answer.text()
    if (breakage === 'created-as-200' && status === 201) status = 200
    if (breakage === 'drop-required-field' && req.method === 'GET' && /\/v1\/customers\/\d+$/.test(url.pathname) && status === 200) {
      const { customer_account: _dropped, ...rest } = JSON.parse(text)
      text = JSON.stringify(rest)
    }
    res.writeHead(status, { 'Content-Type': answer.headers.get('content-type') ?? 'application/json' })
    res.end(text)
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number }
      resolve({ url: `http://127.0.0.1:${address.port}`, close: () => new Promise((r) => server.close(() => r())) })
    }),
  )
}
