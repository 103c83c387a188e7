import net from 'node:net';

/** TWS's and IB Gateway's API ports: a test must never connect to one (a real TWS may listen). */
export const REAL_TWS_PORTS: readonly number[] = [7496, 7497, 4001, 4002];

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Connections the guard refused, for tests to assert on. */
export const refusedConnections: string[] = [];

let installed = false;

/** Why a connection to host:port is refused, or undefined when it may go ahead (a fake on loopback). */
export function guardProblem(host: string | undefined, port: number): string | undefined {
  if (!LOOPBACK.has(host ?? 'localhost')) return `${host}:${port} is not loopback`;
  if (REAL_TWS_PORTS.includes(port)) return `${host}:${port} is a real TWS / IB Gateway port`;
  return undefined;
}

/**
 * Replaces `net.connect` / `net.createConnection` (what @stoqey/ib dials with) by a guard that
 * refuses every host but loopback and every real TWS port: a refused connection fails like an
 * unreachable host, and is recorded in `refusedConnections`. Installed once per test worker.
 *
 * @example
 * ```ts
 * guardSockets()
 * ```
 */
export function guardSockets(): void {
  if (installed) return;
  installed = true;
  const original = net.connect.bind(net);
  const guarded = ((...args: unknown[]): net.Socket => {
    const options = (typeof args[0] === 'object' && args[0] !== null ? args[0] : { port: args[0], host: args[1] }) as { host?: string; port?: number | string };
    const problem = guardProblem(options.host, Number(options.port));
    if (problem === undefined) return (original as (...a: unknown[]) => net.Socket)(...args);
    refusedConnections.push(problem);
    const socket = new net.Socket();
    process.nextTick(() => socket.destroy(Object.assign(new Error(`refused by the test network guard: ${problem}`), { code: 'ECONNREFUSED' })));
    return socket;
  }) as typeof net.connect;
  net.connect = guarded;
  net.createConnection = guarded;
}
