import { createApp } from '../src/app.js'
import { createSeedState } from '../src/store/seed.js'
const TOKEN = 'sandbox-admin-token'
const seedState = (seed: number) => createSeedState(seed, { adminToken: TOKEN })
const app = createApp({
  state: seedState(42),
  seedState,
  adminToken: TOKEN,
  sandboxes: { max: 20_000, idleMs: 24 * 3600_000 },
})
const send = async (path: string, sandbox: string) => {
  const res = await app.request(path, {
    headers: { Authorization: `Bearer ${TOKEN}`, 'X-Sandbox': sandbox },
  })
  await res.arrayBuffer()
}
const times: [number, number][] = []
for (let i = 0; i < 1100; i++) {
  const t = performance.now()
  await send('/api/v1/customers/42', `s-${i}`)
  times.push([performance.now() - t, i])
}
console.log(
  times
    .slice(0, 60)
    .map(([t]) => t.toFixed(1))
    .join(' '),
)
console.log(
  times
    .slice(50)
    .sort((a, b) => b[0] - a[0])
    .slice(0, 15)
    .map(([t, i]) => `${i}:${t.toFixed(1)}`)
    .join(' '),
)
