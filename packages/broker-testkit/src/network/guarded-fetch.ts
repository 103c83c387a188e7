// The fetch a test hands an adapter. msw already fails requests no handler takes; this refuses
// anything but the fakes' hosts before msw sees it, so even a handler mistake cannot send a
// request (with test credentials) to a real host.

/**
 * A fetch that passes on requests to hosts ending in one of `hostSuffixes` (e.g. `.alpaca.test`)
 * and to 127.0.0.1, and rejects any other with a `TypeError` (as fetch fails on a network error).
 * It calls `globalThis.fetch` at request time, so msw's interception still applies.
 *
 * @example
 * const guardedFetch = createGuardedFetch(['.alpaca.test']);
 * await guardedFetch('https://api.alpaca.markets/v2/account'); // rejects: refused
 */
export function createGuardedFetch(hostSuffixes: readonly string[]): typeof globalThis.fetch {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.hostname !== '127.0.0.1' && !hostSuffixes.some((suffix) => url.hostname.endsWith(suffix))) {
      return Promise.reject(new TypeError(`test fetch refused a request to ${url.hostname}`));
    }
    return globalThis.fetch(input, init);
  };
}
