import cluster, { type Worker } from 'node:cluster';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '../core/config';
import { openContext } from '../core/bootstrap';
import { createLogger } from '../core/logging';
import { KeyVault, vaultTtlMs } from '../modules/intake/key-vault';
import { serveVaultToWorkers } from '../modules/intake/key-vault.ipc';
import { createServer, defaultWebDir } from '../server';

/**
 * `serve` with SUPOLKA_WORKERS > 1: node:cluster workers share the port, each a whole server with its own
 * database connection, so requests use every core (one process was CPU-bound at one core under load).
 * What makes this safe with one database:
 * - schema, keys and demo data are prepared here, once, before any worker starts;
 * - SQLite transactions take the write lock when they begin (sqlite-driver.ts), so two processes' writes
 *   queue instead of failing; the audit chain's head is read and moved inside such a transaction;
 * - in-memory caches (statistics, screening index) check a version in the database on every use;
 * - unlocked secure-channel keys live in this process's vault only, which workers use over IPC
 *   (key-vault.ipc.ts), so an unlock holds whichever worker a later request reaches;
 * - rate limits are split between workers (perWorkerLimit), so a client never gets more than configured.
 */

/** A worker that dies this soon after starting is failing to start, not crashing under load. */
const CRASH_LOOP_MS = 10_000;
const STOP_GRACE_MS = 10_000;

/**
 * Forks the workers and resolves with the address they share once all listen. Schema, keys and demo data
 * must be ready before (the caller opened the database once). A worker that stops under load is replaced;
 * one that cannot start stops the whole server.
 */
export async function startWorkers(config: AppConfig): Promise<string> {
  const logger = createLogger(config.logLevel);
  // Structured clone over IPC: vault keys travel as bytes that can be zeroed, not as strings.
  cluster.setupPrimary({ serialization: 'advanced' });
  serveVaultToWorkers(new KeyVault(vaultTtlMs(config)));
  let stopping = false;
  const running = new Set<Worker>();
  const stop = (code: number): void => {
    if (stopping) return;
    stopping = true;
    for (const w of running) w.process.kill('SIGTERM');
    const exit = (): void => process.exit(code);
    if (running.size === 0) exit();
    else cluster.on('exit', () => running.size === 0 && exit());
    // A worker that does not finish its requests in time is not waited for.
    setTimeout(() => {
      for (const w of running) w.process.kill('SIGKILL');
      exit();
    }, STOP_GRACE_MS).unref();
  };
  const fork = (): Promise<AddressInfo> => {
    const worker = cluster.fork();
    const startedAt = Date.now();
    running.add(worker);
    return new Promise((resolve, reject) => {
      worker.once('listening', resolve);
      worker.once('exit', (code, signal) => {
        running.delete(worker);
        reject(new Error(`worker exited before listening (${signal ?? code})`));
        if (stopping) return;
        // Codes only: a worker's own log already says why, and nothing personal belongs here.
        logger.error({ code, signal }, 'a serving worker stopped');
        if (Date.now() - startedAt < CRASH_LOOP_MS) stop(1);
        else void fork().catch(() => stop(1));
      });
    });
  };
  process.once('SIGINT', () => stop(0));
  process.once('SIGTERM', () => stop(0));
  try {
    const [address] = await Promise.all(Array.from({ length: config.workers }, fork));
    return `http://${address!.address}:${address!.port}`;
  } catch (err) {
    stop(1);
    throw err;
  }
}

/** One serving process: the schema and keys are ready (startWorkers' caller); it stops when the primary does. */
export async function serveWorker(config: AppConfig): Promise<void> {
  const opened = await openContext(config);
  const { app } = await createServer(opened, { demo: false, webDir: defaultWebDir });
  await app.listen({ host: config.host, port: config.port });
  let closing = false;
  const shutdown = (): void => {
    if (closing) return;
    closing = true;
    void app
      .close()
      .then(() => opened.close())
      .then(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  // The primary is gone (killed without warning): nothing would hand this worker connections any more.
  process.once('disconnect', shutdown);
}
