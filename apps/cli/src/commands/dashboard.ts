import { spawn } from 'node:child_process';
import type { MultiBrokerManager } from '@invest/multi-broker';
import type { CliContext } from '../runtime/context.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';

export interface DashboardOptions {
  port?: number;
  /** False with `--no-open`. */
  open?: boolean;
}

type DashboardModule = typeof import('@invest/dashboard');
type DashboardStartOptions = import('@invest/dashboard').DashboardOptions;
type HistorySource = import('@invest/dashboard').HistorySource;

/**
 * Where the page's equity-over-time chart reads from: the manager's stored portfolio history
 * (`<home>/state.db`, written by every consolidated read and by the page's own reads), as decimal
 * text. A manager that keeps no history (no state database) falls back to what this dashboard
 * observes while it runs, in memory.
 */
function dashboardHistory(manager: MultiBrokerManager, m: DashboardModule): Pick<DashboardStartOptions, 'history' | 'onSnapshot'> {
  if (manager.keepsHistory) {
    const history: HistorySource = {
      history: (query) => Promise.resolve(manager.history(query).accounts.map((a) => ({
        at: a.at, broker: a.broker, equity: a.equity.toString(), cash: a.cash.toString(), positionsValue: a.positionsValue.toString(),
      }))),
    };
    return { history };
  }
  const observed = new m.ObservedHistory();
  return { history: observed, onSnapshot: (s) => observed.record(s) };
}

/** The system's way to open a URL in the default browser; failures are only a missed convenience. */
function openBrowser(url: string): void {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No opener on this system: the URL is printed above.
  }
}

/** Resolves on Ctrl+C or SIGTERM: the dashboard runs until the user stops it. */
const stopped = (): Promise<string> => new Promise((resolve) => {
  const stop = (signal: string): void => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    resolve(signal);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
});

/**
 * `invest dashboard`: the consolidated portfolio as a local web page, served on 127.0.0.1 until
 * Ctrl+C. Prints the URL (with this run's token) and opens it in a terminal unless `--no-open`.
 * Read-only: it places no orders and changes no state; an account that cannot be reached shows
 * its error on its card and the others are served.
 */
export async function dashboardCommand(ctx: CliContext, o: DashboardOptions): Promise<ExitCode> {
  const manager = await ctx.manager();
  // Loaded here only: `invest --help` and every other command never load the dashboard.
  const [dashboardModule, connected] = await Promise.all([import('@invest/dashboard'), manager.connectAll()]);
  try {
    const dashboard = await dashboardModule.startDashboard({
      source: manager,
      ...dashboardHistory(manager, dashboardModule),
      // The secrets this run loaded never reach the page, even inside a broker's error message.
      redact: (text) => ctx.redactor.text(text),
      ...(o.port !== undefined ? { port: o.port } : {}),
    });
    ctx.out.data({ url: dashboard.url, port: dashboard.port, brokers: connected.map((c) => ({ name: c.broker, connected: c.ok })) });
    ctx.out.line(`Dashboard: ${ctx.out.c.bold(dashboard.url)}`);
    ctx.out.line(ctx.out.c.dim('Read-only, on this computer only. Press Ctrl+C to stop.'));
    for (const c of connected) if (!c.ok) ctx.out.note(`${c.broker}: ${c.error.message}`);
    if (o.open !== false && process.stdout.isTTY) openBrowser(dashboard.url);
    const signal = await stopped();
    ctx.log.info('dashboard stopped', { signal });
    await dashboard.close();
    return EXIT.OK;
  } finally {
    await manager.disconnectAll();
  }
}
