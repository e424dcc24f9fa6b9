import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';

/**
 * When the work now running started (an HTTP request's arrival), so that SQLite's single connection goes
 * to the oldest request first. A read takes the connection two or three times (session, the read's own
 * transaction, the audit commit); handed over in plain queue order, each of those waits behind every
 * newer request, and under load a request's latency grows with that count.
 */
const arrival = new AsyncLocalStorage<number>();

/** Runs `fn` (and everything it starts) as work that arrived now. */
export function inArrivalOrder<T>(fn: () => T): T {
  return arrival.run(performance.now(), fn);
}

/** The arrival time of the current work; outside a request, now (plain queue order). */
export function arrivedAt(): number {
  return arrival.getStore() ?? performance.now();
}
