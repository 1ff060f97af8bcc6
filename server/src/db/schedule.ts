/** Work the server repeats in the background, such as database upkeep. */
export interface Schedule {
  /** Stops the schedule, waiting for a pass under way. */
  stop(): Promise<void>;
}

export interface ScheduleLog {
  warn(obj: object, msg: string): void;
}

/**
 * Runs `pass` every `everyMs`, one pass at a time: a pass still running when
 * the next is due skips that turn. A pass that fails is logged as `what` and
 * tried again at the next turn.
 */
export function repeatEvery(everyMs: number, what: string, log: ScheduleLog, pass: () => Promise<void>): Schedule {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = pass()
      .catch((err: unknown) => log.warn({ err }, `${what} failed; trying again at the next pass`))
      .finally(() => {
        running = undefined;
      });
  }, everyMs);
  // The schedule alone never keeps the process alive.
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
