import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Who owns a journal intent: a process id and that process's start time. The start time is what
 * makes the pair unique: a pid is reused once its process is gone, and a new process that got
 * the old pid has another start time, so a dead owner never looks alive again.
 *
 * Why pid + start time rather than a lease renewed by the owner: it needs no timer, a dead owner
 * is seen as dead at once (a lease must first expire), and an owner that is alive but stalled (a
 * laptop asleep, a blocked event loop) keeps its intents. A lease that lapsed while its owner was
 * paused would let another process settle an intent its owner is about to send.
 */
export interface ProcessOwner {
  pid: number;
  /** Opaque start-time token; only compared for equality. */
  start: string;
}

const readText = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** The boot id (Linux): start times count from boot, so a pair from before a reboot never matches. */
let bootId: string | undefined;

/**
 * Linux: field 22 of /proc/<pid>/stat (start time in clock ticks since boot) with the boot id.
 * A zombie (killed, not yet reaped by its parent) counts as gone. Undefined when no such process.
 */
function linuxStart(pid: number): string | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  // The command name (field 2) may hold spaces and parentheses: fields are read after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
  bootId ??= readText('/proc/sys/kernel/random/boot_id')?.trim() ?? 'boot';
  return `linux:${bootId}:${fields[19]}`;
}

/** Elsewhere with `ps` (macOS, BSD): the start time to the second. */
function psStart(pid: number): string | undefined {
  try {
    const out = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return out ? `ps:${out}` : undefined;
  } catch {
    return undefined;
  }
}

/** Whether this system has /proc (read once, on first use: importing the module reads nothing). */
let hasProc: boolean | undefined;

/**
 * The start token of process `pid`, or undefined when there is no such (live) process. Where
 * neither /proc nor `ps` exists (Windows), the token is the pid alone and liveness falls back to
 * `process.kill(pid, 0)`: there a reused pid can keep a dead owner's intent waiting, never
 * settle one wrongly.
 *
 * @example
 * ```ts
 * startOf(process.pid) // 'linux:6f1c...:123456'
 * startOf(99999999)    // undefined
 * ```
 */
export function startOf(pid: number): string | undefined {
  hasProc ??= readText('/proc/self/stat') !== undefined;
  if (hasProc) return linuxStart(pid);
  const ps = psStart(pid);
  if (ps !== undefined) return ps;
  try {
    process.kill(pid, 0);
    return `pid:${pid}`;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? `pid:${pid}` : undefined;
  }
}

let self: ProcessOwner | undefined;

/**
 * This process as an owner.
 *
 * @example
 * ```ts
 * currentOwner() // { pid: 4242, start: 'linux:6f1c...:123456' }
 * ```
 */
export function currentOwner(): ProcessOwner {
  if (self?.pid !== process.pid) self = { pid: process.pid, start: startOf(process.pid) ?? `pid:${process.pid}` };
  return self;
}

/**
 * Whether `owner` is still running: the same pid with the same start time.
 *
 * @example
 * ```ts
 * isOwnerAlive(currentOwner()) // true
 * ```
 */
export function isOwnerAlive(owner: ProcessOwner): boolean {
  if (owner.pid === process.pid) return owner.start === currentOwner().start;
  return startOf(owner.pid) === owner.start;
}
