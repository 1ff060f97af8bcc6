import pg from 'pg';

/**
 * How long requests may queue for a database connection. When every
 * connection is busy (on the embedded database there is only one), a request
 * waits in pg.Pool's queue; without a bound that queue grows without limit
 * and a request may wait for ever.
 */
export interface PoolWaitBound {
  /** Requests that may wait at once for a connection; the next one is refused at once. */
  maxWaiting: number;
  /** How long one request may wait before it is refused. */
  maxWaitMs: number;
}

/**
 * No connection could be had within the bound. It is thrown before the
 * caller holds a connection, so the caller has written nothing with it; the
 * HTTP layer answers 503 with Retry-After.
 */
export class DatabaseBusyError extends Error {
  constructor(
    readonly reason: 'queue-full' | 'wait-timeout',
    readonly bound: PoolWaitBound,
    options?: ErrorOptions,
  ) {
    super(
      reason === 'queue-full'
        ? `the queue for a database connection is full (${bound.maxWaiting} waiting)`
        : `no database connection became free within ${bound.maxWaitMs} ms`,
      options,
    );
  }
}

/** pg-pool's errors for a wait that ran past connectionTimeoutMillis: in the queue, or opening a new connection. */
const POOL_TIMEOUT_MESSAGES = new Set(['timeout exceeded when trying to connect', 'Connection terminated due to connection timeout']);

type ConnectCallback = (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void;

/**
 * pg.Pool with its queue bounded. pg-pool bounds the wait itself
 * (connectionTimeoutMillis) but not the number of waiters, so connect() counts
 * them first. Both pool.connect() and pool.query() (which connects through
 * connect) are covered.
 */
export class BoundedPool extends pg.Pool {
  private readonly bound: PoolWaitBound;

  constructor(config: pg.PoolConfig, bound: PoolWaitBound) {
    super({ ...config, connectionTimeoutMillis: bound.maxWaitMs });
    this.bound = bound;
  }

  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    const refusal = this.queueIsFull() ? new DatabaseBusyError('queue-full', this.bound) : undefined;
    if (callback) {
      if (refusal) process.nextTick(() => callback(refusal, undefined, () => undefined));
      else super.connect((err, client, done) => callback(err && this.busyOr(err), client, done));
      return;
    }
    if (refusal) return Promise.reject(refusal);
    return super.connect().catch((err: Error) => {
      throw this.busyOr(err);
    });
  }

  /**
   * Whether a new request would wait behind `maxWaiting` others. Waiters that
   * an idle connection is about to take do not count; while the pool may still
   * open a connection, nobody waits.
   */
  private queueIsFull(): boolean {
    const full = this.totalCount >= (this.options.max ?? 10);
    return full && this.waitingCount - this.idleCount >= this.bound.maxWaiting;
  }

  private busyOr(err: Error): Error {
    return POOL_TIMEOUT_MESSAGES.has(err.message) ? new DatabaseBusyError('wait-timeout', this.bound, { cause: err }) : err;
  }
}
