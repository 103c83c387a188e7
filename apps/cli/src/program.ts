import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { createColors } from 'picocolors';
// Inlined by the bundler: `invest --version` reads no file at run time.
import cliPackage from '../package.json' with { type: 'json' };
import { decimalOption as num } from './options/decimal-option.ts';
import { parseSince } from './options/since-option.ts';
import type { OrderOptions } from './commands/trading.ts';
import type { CliContext, GlobalOptions } from './runtime/context.ts';

// Only commander and picocolors load at start: `invest --help` must start about as fast as node
// itself. Everything else is imported by the command that needs it.
type ExitCode = import('./exit-codes.ts').ExitCode;
const OK = 0 as ExitCode;
const USAGE = 2 as ExitCode;

function colour(env: NodeJS.ProcessEnv, stream: NodeJS.WriteStream): boolean {
  if (env.NO_COLOR !== undefined) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** A TCP port, 0 for a free one. */
function port(value: string): number {
  const n = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 0 && n <= 65_535)) throw new InvalidArgumentError('a port from 0 to 65535');
  return n;
}

function orderOptions(cmd: Command, distributed = false): Command {
  cmd
    .option('--symbol <symbol>', 'ticker, e.g. AAPL')
    .option('--quantity <n>', 'shares (fractions where the broker allows)', num('--quantity'))
    .option('--notional <amount>', 'amount of money instead of a quantity (market orders)', num('--notional'))
    .addOption(new Option('--type <type>', 'order type').choices(['market', 'limit', 'stop', 'stop_limit', 'trailing_stop']))
    .option('--limit <price>', 'limit price', num('--limit'))
    .option('--stop <price>', 'stop price', num('--stop'))
    .option('--trail <amount>', 'trailing stop distance in price', num('--trail'))
    .option('--trail-percent <pct>', 'trailing stop distance in percent', num('--trail-percent'))
    .addOption(new Option('--tif <tif>', 'time in force').choices(['day', 'gtc', 'ioc', 'fok', 'opg', 'cls']))
    .option('--take-profit <price>', 'attach a take-profit limit (bracket with --stop-loss)', num('--take-profit'))
    .option('--stop-loss <price>', 'attach a protective stop (bracket with --take-profit)', num('--stop-loss'))
    .option('--extended-hours', 'allow extended-hours execution (limit, day)')
    .option('--client-order-id <id>', 'your own id for the order (generated when absent)');
  if (distributed) cmd.option('--brokers <names>', 'comma-separated brokers to split across (default: all)');
  else {
    cmd.option('--broker <name>', 'account to use (default: the default broker)');
    cmd.option('--dry-run', "check the order without placing it: the local checks, then the broker's preview where it has one (Schwab)");
  }
  return cmd;
}

/**
 * `invest --broker X buy ...` (the original's `main.py --broker X buy ...`): the command's own
 * `--broker` when it has none. A command that takes no `--broker` refuses it (the message is
 * returned, exit 2) rather than run on every account when the user asked for one.
 */
function applyGlobalBroker(broker: string | undefined, cmd: unknown): string | undefined {
  if (broker === undefined || !(cmd instanceof Command)) return undefined;
  if (!cmd.options.some((o) => o.long === '--broker')) {
    return `--broker before the command applies to commands that take --broker; \`invest ${cmd.name()}\` does not`;
  }
  // The options object the action receives is the command's own option store.
  if (cmd.getOptionValue('broker') === undefined) cmd.setOptionValue('broker', broker);
  return undefined;
}

/**
 * Builds the `invest` program. Every action returns an exit code; errors become one line on
 * stderr and the code for their kind (see EXIT).
 */
export function buildProgram(env: NodeJS.ProcessEnv, setExit: (code: ExitCode) => void): Command {
  const program = new Command('invest');
  const action = <A extends unknown[]>(fn: (ctx: CliContext, ...args: A) => Promise<ExitCode>) =>
    async (...args: A): Promise<void> => {
      const [{ CliContext }, { exitCodeFor }] = await Promise.all([import('./runtime/context.ts'), import('./exit-codes.ts')]);
      const refused = applyGlobalBroker(program.opts<GlobalOptions>().broker, args.at(-1));
      if (refused) {
        process.stderr.write(`error: ${refused}\n`);
        setExit(USAGE);
        return;
      }
      let c: CliContext | undefined;
      try {
        c = new CliContext(program.opts<GlobalOptions>(), env);
        setExit(await fn(c, ...args));
      } catch (error) {
        if (c) {
          c.out.failure(error);
          c.log.error('command failed', { command: process.argv.slice(2, 3)[0], error });
        } else {
          process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
        }
        setExit(exitCodeFor(error));
      }
    };
  // Commands load their modules on use: `invest --help` loads none of them.
  const lazy = <M, A extends unknown[]>(load: () => Promise<M>, pick: (m: M) => (ctx: CliContext, ...args: A) => Promise<ExitCode>) =>
    action(async (c: CliContext, ...args: A) => pick(await load())(c, ...args));
  const setup = () => import('./commands/setup.ts');
  const trading = () => import('./commands/trading.ts');
  const portfolio = () => import('./commands/portfolio.ts');
  const interactive = () => import('./commands/interactive.ts');

  program
    .description('Trade across several broker accounts at once. Paper trading unless you say --live.')
    .version(cliPackage.version, '-V, --version', 'print the version of invest')
    .option('--json', 'machine-readable output (one JSON document on stdout)')
    .option('-y, --yes', 'answer yes to confirmations (for scripts)')
    .option('--live', 'allow orders to brokers configured with paper_trading: false')
    .option('--no-color', 'no colours (also: NO_COLOR, or output that is not a terminal)')
    .option('-v, --verbose', 'also print log records to stderr')
    .option('--broker <name>', 'account for the command when it takes --broker and was not given its own (invest --broker NAME buy ...)')
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeErr: (text) => process.stderr.write(text),
      outputError: (text, write) => write(createColors(colour(env, process.stderr)).red(text)),
    });

  program.command('init').description('create the invest home with two simulation accounts and .env.sample').option('--force', 'replace an existing config')
    .action(lazy(setup, (m) => (c, o: { force?: boolean }) => m.initCommand(c, o)));
  program.command('list-types').description('broker types this installation knows').action(lazy(setup, (m) => (c) => m.listTypesCommand(c)));
  program.command('list-brokers').description('configured accounts').action(lazy(setup, (m) => (c) => m.listBrokersCommand(c)));
  program.command('status').description('connect to every account and show balances').action(lazy(portfolio, (m) => (c) => m.statusCommand(c)));
  program.command('add').description('add an account (asks questions)').action(lazy(interactive, (m) => (c) => m.addCommand(c)));
  program.command('test').argument('<name>', 'account').description('check an account\'s credentials and show its balances')
    .action(lazy(setup, (m) => (c, name: string) => m.testCommand(c, name)));
  program.command('set-creds').argument('<name>', 'account').description('store credentials for an account (secrets are masked)')
    .addOption(new Option('--store <store>', 'where to keep them').choices(['keyring', 'file']))
    .action(lazy(interactive, (m) => (c, name: string, o: { store?: string }) => m.setCredsCommand(c, name, o)));
  for (const side of ['buy', 'sell'] as const) {
    orderOptions(program.command(side).description(`${side} on one account`))
      .action(lazy(trading, (m) => (c, o: OrderOptions) => m.orderCommand(c, side, o)));
    orderOptions(program.command(`distributed-${side}`).description(`${side}, split across accounts by weight`), true)
      .action(lazy(trading, (m) => (c, o: OrderOptions) => m.distributedCommand(c, side, o)));
  }
  program.command('orders').description('orders on every account').option('--broker <name>', 'one account')
    .addOption(new Option('--status <status>', 'which orders').choices(['open', 'closed', 'all']).default('all'))
    .action(lazy(trading, (m) => (c, o: { broker?: string; status?: 'open' | 'closed' | 'all' }) => m.ordersCommand(c, o)));
  program.command('journal').description('order intents and their outcomes (the audit trail), newest last')
    .option('--since <when>', 'only since a date (2026-12-01, 2026-12-01T14:30Z) or for a duration (90m, 12h, 7d)', (text: string) => parseSince(text))
    .action(lazy(() => import('./commands/journal.ts'), (m) => (c, o: { since?: Date }) => m.journalCommand(c, o)));
  program.command('cancel').argument('<id>', 'order id').option('--broker <name>', 'account (default: the one account that has this id)').description('cancel an order')
    .action(lazy(trading, (m) => (c, id: string, o: { broker?: string }) => m.cancelCommand(c, id, o)));
  program.command('positions').description('positions per account').option('--broker <name>', 'one account')
    .action(lazy(portfolio, (m) => (c, o: { broker?: string }) => m.positionsCommand(c, o)));
  program.command('multi-portfolio').description('one portfolio across every account').action(lazy(portfolio, (m) => (c) => m.multiPortfolioCommand(c)));
  program.command('quote').argument('<symbol>').description('latest quote; across accounts with --compare')
    .option('--broker <name>', 'one account').option('--compare', 'best bid / ask across accounts')
    .action(lazy(portfolio, (m) => (c, symbol: string, o: { broker?: string; compare?: boolean }) => m.quoteCommand(c, symbol, o)));
  program.command('rebalance').description('plan (and with --apply, place) the trades that reach target weights')
    .option('--target <SYMBOL=WEIGHT>', 'target weight, e.g. AAPL=0.25 or AAPL=25% (repeat)', collect)
    .option('--tolerance <fraction>', 'leave symbols this close to target (default 0.01)', num('--tolerance'))
    .option('--apply', 'place the orders (asks first unless --yes)')
    .action(lazy(portfolio, (m) => (c, o: { target?: string[]; tolerance?: number; apply?: boolean }) => m.rebalanceCommand(c, o)));
  program.command('auth').description('logins for brokers that use OAuth').command('login').argument('<name>', 'account')
    .description('log in to an account whose broker uses OAuth (opens a URL, asks for the redirect)')
    .addOption(new Option('--store <store>', 'where to keep the session').choices(['keyring', 'file']))
    .action(lazy(() => import('./commands/auth-login.ts'), (m) => (c, name: string, o: { store?: string }) => m.authLoginCommand(c, name, o)));
  program.command('dashboard').description('the consolidated portfolio as a local web page (read-only; Ctrl+C stops it)')
    .option('--port <n>', 'port on 127.0.0.1 (default: a free one)', port)
    .option('--no-open', 'do not open the browser')
    .action(lazy(() => import('./commands/dashboard.ts'), (m) => (c, o: { port?: number; open?: boolean }) => m.dashboardCommand(c, o)));
  program.command('demo').description('a guided run on two simulation accounts in a throwaway home (no account, no network)')
    .action(lazy(() => import('./commands/demo.ts'), (m) => (c) => m.demoCommand(c)));
  return program;
}

/**
 * Runs `invest` with `argv` (as `process.argv`) and resolves to the exit code.
 *
 * @example
 * ```ts
 * process.exitCode = await run(process.argv)
 * ```
 */
export async function run(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<ExitCode> {
  let code: ExitCode = OK;
  const program = buildProgram(env, (c) => (code = c));
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; everything else commander refuses is usage.
      return error.exitCode === 0 ? OK : USAGE;
    }
    throw error;
  }
  return code;
}
