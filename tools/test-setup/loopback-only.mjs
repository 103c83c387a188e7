// Preloaded (`node --import`) into every `invest` child process a test starts: a TCP connection
// to anything but loopback fails before it is attempted, DNS included, so no test can reach a
// real broker host whatever its config says. Plain JavaScript: it runs before any loader.
import net from 'node:net';

const LOOPBACK = /^(?:127(?:\.\d{1,3}){3}|::1|localhost|::ffff:127(?:\.\d{1,3}){3})$/i;
const connect = net.Socket.prototype.connect;

net.Socket.prototype.connect = function guardedConnect(...args) {
  const first = args[0];
  const options = Array.isArray(first) ? first[0] : typeof first === 'object' && first !== null ? first : { port: first, host: typeof args[1] === 'string' ? args[1] : undefined };
  if (options?.path === undefined) {
    const host = String(options?.host ?? 'localhost').replace(/^\[|\]$/g, '');
    if (!LOOPBACK.test(host)) {
      const error = Object.assign(new Error(`test network guard: connection to ${host} refused (tests talk to loopback only)`), { code: 'ECONNREFUSED' });
      process.nextTick(() => this.destroy(error));
      return this;
    }
  }
  return connect.apply(this, args);
};
