// Preloaded (`node --import`) into every `invest` child process a test starts: a TCP connection
// to anything but loopback fails before it is attempted, DNS included, so no test can reach a
// real broker host whatever its config says; nor can it reach a TWS / IB Gateway running on this
// machine (their API ports are refused on loopback too). Plain JavaScript: it runs before any loader.
import net from 'node:net';

const LOOPBACK = /^(?:127(?:\.\d{1,3}){3}|::1|localhost|::ffff:127(?:\.\d{1,3}){3})$/i;
/** TWS (7497 paper, 7496 live) and IB Gateway (4002, 4001) API ports: a local TWS is a real broker. */
const TWS_PORTS = new Set([7496, 7497, 4001, 4002]);
const connect = net.Socket.prototype.connect;

net.Socket.prototype.connect = function guardedConnect(...args) {
  const first = args[0];
  const options = Array.isArray(first) ? first[0] : typeof first === 'object' && first !== null ? first : { port: first, host: typeof args[1] === 'string' ? args[1] : undefined };
  if (options?.path === undefined) {
    const host = String(options?.host ?? 'localhost').replace(/^\[|\]$/g, '');
    const port = Number(options?.port);
    if (!LOOPBACK.test(host) || TWS_PORTS.has(port)) {
      const message = LOOPBACK.test(host)
        ? `test network guard: connection to ${host}:${port} refused (a TWS / IB Gateway API port; tests talk to loopback fakes only)`
        : `test network guard: connection to ${host} refused (tests talk to loopback only)`;
      const error = Object.assign(new Error(message), { code: 'ECONNREFUSED' });
      process.nextTick(() => this.destroy(error));
      return this;
    }
  }
  return connect.apply(this, args);
};
