// nginx in front of sandbox processes, for tests: the shipped deploy/nginx.conf with its ports
// replaced by free loopback ones, run in the foreground as a child process, with its pid, logs and
// temporary files in a folder of its own.
import { spawn } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from './free-port.js'

export const NGINX = '/usr/sbin/nginx'
export const SHIPPED_CONF = fileURLToPath(new URL('../deploy/nginx.conf', import.meta.url))

/**
 * The shipped configuration on other ports: its `listen` on 127.0.0.1:`listen`, and each upstream
 * port it names (in the order of their numbers) replaced by the one at the same place in `ports`.
 * Throws when the file no longer has the one listen and the upstreams this expects.
 */
export function configure(text: string, listen: number, ports: readonly number[]): string {
  const shipped = [
    ...new Set([...text.matchAll(/server 127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]))),
  ].sort((a, b) => a - b)
  if (shipped.length !== ports.length)
    throw new Error(`deploy/nginx.conf names ${shipped.length} upstream ports, not ${ports.length}`)
  const listens = text.match(/^\s*listen \d+;$/gm) ?? []
  if (listens.length !== 1)
    throw new Error(`deploy/nginx.conf has ${listens.length} listen lines, not 1`)
  const byShipped = new Map(shipped.map((port, i) => [port, ports[i]!]))
  return text
    .replace(/^(\s*)listen \d+;$/m, `$1listen 127.0.0.1:${listen};`)
    .replace(
      /server 127\.0\.0\.1:(\d+)/g,
      (_, port: string) => `server 127.0.0.1:${byShipped.get(Number(port))}`,
    )
}

export type Proxy = { base: string; stop: () => Promise<void>; log: () => string }

/** Starts nginx on the shipped configuration, proxying to `ports`; resolves once it answers. */
export async function startNginx(ports: readonly number[]): Promise<Proxy> {
  const prefix = mkdtempSync(join(tmpdir(), 'bluerocktel-nginx-'))
  // Run as root, nginx's workers are `nobody`: they must reach the temporary folders.
  chmodSync(prefix, 0o755)
  for (const folder of ['logs', 'temp']) mkdirSync(join(prefix, folder), { mode: 0o755 })
  const listen = await freePort()
  const conf = join(prefix, 'nginx.conf')
  writeFileSync(conf, configure(readFileSync(SHIPPED_CONF, 'utf8'), listen, ports))
  // A process group of its own: the master and its workers end together.
  const child = spawn(NGINX, ['-p', prefix, '-c', conf, '-e', 'stderr', '-g', 'daemon off;'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let output = ''
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const log = () => {
    let errors = ''
    try {
      errors = readFileSync(join(prefix, 'logs', 'error.log'), 'utf8')
    } catch {
      // nginx had not opened its log yet.
    }
    return output + errors
  }
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      // SIGQUIT would wait for keep-alive clients; SIGTERM ends the group at once.
      process.kill(-child.pid!, 'SIGTERM')
      await exited
    }
    rmSync(prefix, { recursive: true, force: true })
  }
  const base = `http://127.0.0.1:${listen}`
  const deadline = Date.now() + 20_000
  for (;;) {
    if (child.exitCode !== null) {
      const said = log()
      await stop()
      throw new Error(`nginx exited with ${child.exitCode}:\n${said}`)
    }
    const status = await fetch(`${base}/__mock/health`, { signal: AbortSignal.timeout(1000) }).then(
      (res) => res.status,
      () => 0,
    )
    if (status === 200) return { base, stop, log }
    if (Date.now() > deadline) {
      const said = log()
      await stop()
      throw new Error(`nginx did not answer 200 within 20 s (last status ${status}):\n${said}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
}
