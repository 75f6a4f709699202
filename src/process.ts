// What the sandbox and the proxy share as processes: a refusal to start in one line, why a server
// could not listen, and stopping with the npm or npx that started them.

/** What the command cannot serve safely (a port in use, a --db file it cannot use): one line, exit 1. */
export function refuse(message: string): never {
  console.error(`bluerocktel-mock: ${message}`)
  process.exit(1)
}

/** Why the server could not listen, in one line. */
export function listenError(error: NodeJS.ErrnoException, host: string, port: number): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `port ${port} on ${host} is already in use; choose another with --port (0 picks a free one)`
    case 'EADDRNOTAVAIL':
      return `cannot listen on ${host}: it is not an address of this machine (127.0.0.1 or 0.0.0.0 are)`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return `cannot listen on ${host}: the host name does not resolve`
    case 'EACCES':
      return `cannot listen on port ${port}: permission denied (ports below 1024 need privileges)`
    default:
      return `cannot listen on ${host}:${port}: ${error.message}`
  }
}

/**
 * Under `npm start` or `npx`, the sandbox runs below a shell that npm started: a SIGTERM to npm
 * (what a CI job or a process manager sends) ends npm and that shell, but reaches no further. The
 * sandbox then finds itself orphaned, and stops as if it had been sent the signal itself.
 */
export function stopWithWrapper(stop: () => void) {
  if (!process.env.npm_lifecycle_event) return
  const parent = process.ppid
  setInterval(() => {
    if (process.ppid !== parent) stop()
  }, 250).unref()
}
