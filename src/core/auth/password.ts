import { createRequire } from 'node:module';
import os from 'node:os';
import { Worker } from 'node:worker_threads';

export type HashCost = 'interactive' | 'moderate' | 'test';

/**
 * Argon2id through libsodium (WebAssembly), run on worker threads: one hash at the interactive cost keeps
 * a CPU busy for about a third of a second, and on the event loop that stalled every other request for as
 * long. The encoded string carries its own parameters, so costs can rise later.
 *
 * The worker is plain CommonJS passed as a string (no TypeScript loader needed in the thread, whether the
 * server runs under tsx, vitest or a test's child process); it loads libsodium from the path resolved here.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const sodium = require(workerData.sodiumPath);
const limits = (cost) =>
  cost === 'moderate'
    ? [sodium.crypto_pwhash_OPSLIMIT_MODERATE, sodium.crypto_pwhash_MEMLIMIT_MODERATE]
    : cost === 'interactive'
      ? [sodium.crypto_pwhash_OPSLIMIT_INTERACTIVE, sodium.crypto_pwhash_MEMLIMIT_INTERACTIVE]
      : [1, 8 * 1024 * 1024];
parentPort.on('message', async (job) => {
  await sodium.ready;
  try {
    if (job.op === 'hash') {
      const [ops, mem] = limits(job.cost);
      parentPort.postMessage({ id: job.id, hash: sodium.crypto_pwhash_str(job.password, ops, mem) });
    } else {
      let ok = false;
      try {
        ok = sodium.crypto_pwhash_str_verify(job.hash, job.password);
      } catch {
        ok = false;
      }
      parentPort.postMessage({ id: job.id, ok });
    }
  } catch (err) {
    parentPort.postMessage({ id: job.id, error: String((err && err.message) || err) });
  }
});
`;

type Job =
  { op: 'hash'; password: string; cost: HashCost } | { op: 'verify'; hash: string; password: string };
interface Reply {
  id: number;
  hash?: string;
  ok?: boolean;
  error?: string;
}
interface Pending {
  resolve: (r: Reply) => void;
  reject: (e: Error) => void;
}
interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

/** One thread on a 2-core machine leaves the other core to the event loop; at most four. */
const THREADS = Math.max(1, Math.min(4, os.availableParallelism() - 1));
const sodiumPath = createRequire(import.meta.url).resolve('libsodium-wrappers-sumo');
const slots: Array<Slot | undefined> = [];
let nextId = 0;

function startSlot(index: number): Slot {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { sodiumPath } });
  const slot: Slot = { worker, pending: new Map() };
  // An idle pool must not keep a CLI command or a test process alive.
  worker.unref();
  worker.on('message', (reply: Reply) => {
    const p = slot.pending.get(reply.id);
    if (!p) return;
    slot.pending.delete(reply.id);
    if (slot.pending.size === 0) worker.unref();
    if (reply.error !== undefined) p.reject(new Error(`password hashing failed: ${reply.error}`));
    else p.resolve(reply);
  });
  const fail = (err: Error): void => {
    if (slots[index] === slot) slots[index] = undefined;
    for (const p of slot.pending.values()) p.reject(err);
    slot.pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`password hashing thread exited (${code})`)));
  return slot;
}

function run(job: Job): Promise<Reply> {
  // The least busy thread takes the job; a thread that died is replaced on the next call.
  let index = 0;
  for (let i = 0; i < THREADS; i++) {
    slots[i] ??= startSlot(i);
    if (slots[i]!.pending.size < slots[index]!.pending.size) index = i;
  }
  const slot = slots[index]!;
  const id = nextId++;
  return new Promise<Reply>((resolve, reject) => {
    slot.pending.set(id, { resolve, reject });
    slot.worker.ref();
    slot.worker.postMessage({ id, ...job });
  });
}

export async function hashPassword(password: string, cost: HashCost): Promise<string> {
  const reply = await run({ op: 'hash', password, cost });
  if (typeof reply.hash !== 'string') throw new Error('password hashing returned no hash');
  return reply.hash;
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  const reply = await run({ op: 'verify', hash, password });
  return reply.ok === true;
}

let dummyHash: Promise<string> | undefined;

/** Burns the same time as a real check for unknown usernames, so timing does not reveal who has an account. */
export async function verifyAgainstDummy(password: string, cost: HashCost): Promise<void> {
  dummyHash ??= hashPassword('supolka-dummy-password', cost).catch((err: unknown) => {
    dummyHash = undefined;
    throw err;
  });
  await verifyPassword(await dummyHash, password);
}

export const passwordRules = { minLength: 12, maxLength: 256 } as const;
