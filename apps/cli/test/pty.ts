// Drives `invest` through a real pseudo-terminal, as a person at a keyboard would.
import pty from '@lydell/node-pty';
import { MAIN } from './run-cli.ts';

export interface Session {
  /** Everything the terminal showed so far (ANSI sequences included). */
  screen(): string;
  /** Waits until the screen (after the last answer) matches, then types `keys`. */
  answer(prompt: RegExp, keys: string): Promise<void>;
  /** Types `keys` now. */
  type(keys: string): void;
  exit: Promise<number>;
}

export function startInvest(home: string, args: string[], env: Record<string, string> = {}): Session {
  const term = pty.spawn(process.execPath, [MAIN, ...args], {
    cols: 120,
    rows: 40,
    env: { PATH: process.env.PATH ?? '', HOME: home, INVEST_HOME: home, INVEST_KEYRING: '0', TERM: 'xterm', ...env },
  });
  let out = '';
  let mark = 0;
  term.onData((d) => (out += d));
  const exit = new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
  return {
    screen: () => out,
    async answer(prompt, keys) {
      const deadline = Date.now() + 15_000;
      while (!prompt.test(out.slice(mark))) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${prompt} in:\n${out.slice(mark)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      mark = out.length;
      term.write(keys);
    },
    type: (keys) => term.write(keys),
    exit,
  };
}
