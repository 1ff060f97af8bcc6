import { hostname } from 'node:os';

/**
 * Who runs an import's step, and how to tell that it stopped. A step
 * (analysing, committing) is marked in the database with the host and pid of
 * the process running it, which moves a heartbeat on while it works. A step
 * is stopped — the server died or restarted, and the step's transaction was
 * rolled back — when its heartbeat is stale, or at once when its process is
 * on this host and no longer alive (or is this very process, which is not
 * running it: after a restart in a container, the new server has the old pid).
 */
export const THIS_RUNNER = `${hostname()}:${process.pid}`;

/** How often a running step says it is still at work. */
export const HEARTBEAT_MS = 5_000;

/** A step on another host that has not said so for this long has stopped. */
export const STALE_AFTER_SECONDS = 30;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function stepStopped(runner: string | null, heartbeatAgeSeconds: number | null, runsHere: boolean): boolean {
  if (runsHere) return false;
  // Busy without a runner: marked before runners were recorded (migration 0021), by a server long gone.
  if (runner === null || heartbeatAgeSeconds === null) return true;
  if (heartbeatAgeSeconds > STALE_AFTER_SECONDS) return true;
  const colon = runner.lastIndexOf(':');
  const host = runner.slice(0, colon);
  const pid = Number(runner.slice(colon + 1));
  if (host !== hostname() || !Number.isInteger(pid)) return false;
  return pid === process.pid || !processAlive(pid);
}
