// What users of the Python original bring with them: its brokers.json, a .env, `--broker` before
// the command, fractional weights. Each through the built CLI, as they would type it.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshHome, initHome, invest } from './run-cli.ts';
import { startInvest } from './pty.ts';

const ORIGINAL_CONFIG = new URL('../../../packages/multi-broker/test/fixtures/original-brokers.json', import.meta.url);
const json = (text: string) => JSON.parse(text) as unknown;
const ESC = '\u001b[';

describe("the original's brokers.json", () => {
  it('status shows the simulation account and names the brokers it cannot reach (partial, exit 8)', async () => {
    const home = await freshHome();
    // The file as the original's README writes it (comments removed): Alpaca without keys cannot
    // be used, and could not reach its host anyway (run-cli's loopback-only guard); the ibkr
    // entry is created by the IBKR adapter, and its TWS port 7497 is refused by the same guard.
    await writeFile(join(home, 'brokers.json'), await readFile(ORIGINAL_CONFIG, 'utf8'));
    const r = await invest(home, ['status', '--json']);
    expect(r.code).toBe(8);
    const rows = (json(r.stdout) as { brokers: { name: string; type: string; account?: { cash: number }; error?: string }[] }).brokers;
    expect(rows.find((x) => x.name === 'alpaca_paper')).toMatchObject({ type: 'alpaca', error: expect.stringMatching(/apiKey|ALPACA_API_KEY/) });
    expect(rows.find((x) => x.name === 'simulation')).toMatchObject({ type: 'sim', account: { cash: 100_000 } });
    expect(rows.find((x) => x.name === 'ibkr')).toMatchObject({ type: 'ibkr', error: expect.stringMatching(/cannot connect to TWS at 127\.0\.0\.1:7497/) });

    const human = await invest(home, ['status']);
    expect(human.code).toBe(8);
    expect(human.stdout).toMatch(/simulation[\s│]+sim[\s│]+paper[\s│]+connected[\s│]+100,000\.00/);
    expect(human.stdout).toMatch(/ibkr[\s│]+ibkr[\s│]+paper[\s│]+error/);
    expect(human.stderr).toContain('cannot connect to TWS at 127.0.0.1:7497');

    const direct = await invest(home, ['buy', '--broker', 'ibkr', '--symbol', 'AAPL', '--quantity', '1']);
    expect(direct.code).toBe(6);
    expect(direct.stderr).toContain('cannot connect to TWS at 127.0.0.1:7497');
  });

  it('list-brokers reads the whole file as written, Alpaca and its risk settings included', async () => {
    const home = await freshHome();
    await writeFile(join(home, 'brokers.json'), await readFile(ORIGINAL_CONFIG, 'utf8'));
    const r = await invest(home, ['list-brokers', '--json']);
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toMatchObject({
      default: 'alpaca_paper',
      brokers: [
        { name: 'alpaca_paper', type: 'alpaca', paper: true, risk: { max_position_size: 0.05, stop_loss_pct: 0.02 } },
        { name: 'ibkr', type: 'ibkr', paper: true },
        { name: 'simulation', type: 'sim', paper: true },
      ],
    });
  });
});

describe('.env files', () => {
  // FORCE_COLOR is a variable every command reads: colours in the output show which value won.
  it('reads ./.env first, then <home>/.env; the process environment wins over both', async () => {
    const home = await initHome();
    const cwd = await mkdtemp(join(tmpdir(), 'invest-cwd-'));
    await writeFile(join(home, '.env'), '# from the home\nFORCE_COLOR=1\n');
    expect((await invest(home, ['list-brokers'], {}, cwd)).stdout).toContain(ESC);
    await writeFile(join(cwd, '.env'), '# from the working directory\nexport FORCE_COLOR="0"\n');
    expect((await invest(home, ['list-brokers'], {}, cwd)).stdout).not.toContain(ESC);
    await writeFile(join(cwd, '.env'), 'FORCE_COLOR=0\n');
    expect((await invest(home, ['list-brokers'], { FORCE_COLOR: '1' }, cwd)).stdout).toContain(ESC);
  });

  it('INVEST_HOME may come from ./.env, and the environment overrides it', async () => {
    const home = await freshHome();
    const cwd = await mkdtemp(join(tmpdir(), 'invest-cwd-'));
    const elsewhere = join(cwd, 'my-home');
    await writeFile(join(cwd, '.env'), `INVEST_HOME=${elsewhere}\n`);
    const init = await invest(home, ['init', '--json'], { INVEST_HOME: undefined }, cwd);
    expect(init.code).toBe(0);
    expect(json(init.stdout)).toMatchObject({ home: elsewhere, envSample: join(elsewhere, '.env.sample') });
    const overridden = await invest(home, ['list-brokers', '--json'], { INVEST_HOME: join(cwd, 'none') }, cwd);
    expect(overridden.code).toBe(3);
    expect(overridden.stderr).toContain(join(cwd, 'none', 'brokers.json'));
  });

  it('a malformed line is an error naming the file and the line (exit 3), without its text', async () => {
    const home = await initHome();
    const cwd = await mkdtemp(join(tmpdir(), 'invest-cwd-'));
    await writeFile(join(cwd, '.env'), 'A=1\nMULTI="one\ntwo"\n\nALPACA_SECRET_KEY hunter2-secret\n');
    const r = await invest(home, ['list-brokers'], {}, cwd);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`Invalid .env: ${join(cwd, '.env')}:5: is not NAME=value`);
    expect(r.stderr).not.toContain('hunter2');
  });

  it('init says where .env.sample is and how to use it', async () => {
    const home = await freshHome();
    const r = await invest(home, ['init']);
    expect(r.stdout).toContain(`cp ${join(home, '.env.sample')} .env`);
    expect(await readFile(join(home, '.env.sample'), 'utf8')).toMatch(/ALPACA_API_KEY=/);
  });
});

describe('--broker before the command', () => {
  it('is the account of a command that takes --broker, unless it was given its own', async () => {
    const home = await initHome();
    const buy = await invest(home, ['--broker', 'paper-2', 'buy', '--symbol', 'AAPL', '--quantity', '10', '--json']);
    expect(buy.code).toBe(0);
    expect(json(buy.stdout)).toMatchObject({ broker: 'paper-2', filled: 10 });
    const own = await invest(home, ['--broker', 'paper-2', 'buy', '--symbol', 'AAPL', '--quantity', '1', '--broker', 'paper-1', '--json']);
    expect(json(own.stdout)).toMatchObject({ broker: 'paper-1' });
    const positions = json((await invest(home, ['--broker', 'paper-2', 'positions', '--json'])).stdout);
    expect(positions).toEqual({ positions: [expect.objectContaining({ broker: 'paper-2', symbol: 'AAPL', quantity: 10 })] });
  });

  it('is refused by a command that takes no --broker (exit 2)', async () => {
    const home = await initHome();
    const r = await invest(home, ['--broker', 'paper-2', 'status']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--broker before the command applies to commands that take --broker; `invest status` does not');
  });
});

describe('add', () => {
  it('takes a fractional weight such as 0.5', async () => {
    const home = await initHome();
    const s = startInvest(home, ['add']);
    await s.answer(/Name for this account/, 'half\r');
    await s.answer(/Broker type/, '\r');
    await s.answer(/Paper \/ sandbox trading\?/, '\r');
    await s.answer(/Weight in distributed orders/, '\u007f0.5\r');
    expect(await s.exit).toBe(0);
    const doc = JSON.parse(await readFile(join(home, 'brokers.json'), 'utf8')) as { brokers: Record<string, unknown> };
    expect(doc.brokers.half).toMatchObject({ weight: 0.5 });
  });
});
