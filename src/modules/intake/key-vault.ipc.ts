import cluster from 'node:cluster';
import type { KeyVault, RecipientVault, UnlockedKey, VaultSession } from './key-vault';

/**
 * The recipient-key vault across serving processes: the main process keeps the one KeyVault and answers
 * its workers over the cluster's IPC channel (structured clone, `serialization: 'advanced'`, so keys
 * travel as bytes). The secret key crosses once, when a worker puts it (and zeroes its copy once the main
 * process has answered); opened message keys travel back to the worker that asked. Nothing here is
 * written anywhere.
 */

type Op = 'put' | 'unlockedRecipient' | 'openSealed' | 'drop' | 'dropRecipient' | 'sessionIds' | 'sweep';
interface Request {
  vault: 'request';
  id: number;
  op: Op;
  args: unknown[];
}
interface Reply {
  vault: 'reply';
  id: number;
  result?: unknown;
  failed?: true;
}

const isRequest = (m: unknown): m is Request =>
  typeof m === 'object' && m !== null && (m as { vault?: unknown }).vault === 'request';
const isReply = (m: unknown): m is Reply =>
  typeof m === 'object' && m !== null && (m as { vault?: unknown }).vault === 'reply';

/** Main process: answers every worker's vault requests from `vault`. */
export function serveVaultToWorkers(vault: KeyVault): void {
  const call = (op: Op, args: unknown[]): Promise<unknown> => {
    switch (op) {
      case 'put':
        return vault.put(args[0] as string, args[1] as UnlockedKey);
      case 'unlockedRecipient':
        return vault.unlockedRecipient(args[0] as VaultSession);
      case 'openSealed':
        return vault.openSealed(args[0] as VaultSession, args[1] as string[]);
      case 'drop':
        return vault.drop(args[0] as string);
      case 'dropRecipient':
        return vault.dropRecipient(args[0] as string);
      case 'sessionIds':
        return vault.sessionIds();
      case 'sweep':
        return vault.sweep(args[0] as string[]);
    }
  };
  cluster.on('message', (worker, message: unknown) => {
    if (!isRequest(message)) return;
    const answer = (reply: Omit<Reply, 'vault' | 'id'>): void => {
      if (worker.isConnected()) worker.send({ vault: 'reply', id: message.id, ...reply });
    };
    call(message.op, message.args).then(
      // Not zeroed after sending: while the main process hands a connection to a worker, Node queues
      // later messages unserialised, so bytes changed after send() would arrive changed (seen as a 500
      // when opened message keys arrived zeroed).
      (result) => answer({ result }),
      // No detail crosses: a vault failure means "not available", and the worker says so.
      () => answer({ failed: true }),
    );
  });
}

/** A worker's vault: every call is answered by the main process's KeyVault. */
export class WorkerVault implements RecipientVault {
  private next = 0;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor() {
    process.on('message', (message: unknown) => {
      if (!isReply(message)) return;
      const p = this.pending.get(message.id);
      if (!p) return;
      this.pending.delete(message.id);
      if (message.failed) p.reject(new Error('the key vault could not answer'));
      else p.resolve(message.result);
    });
    // The main process is gone: nothing will answer, and a request waiting here would hold up shutdown.
    process.once('disconnect', () => {
      for (const p of this.pending.values()) p.reject(new Error('the key vault is not reachable'));
      this.pending.clear();
    });
  }

  private call<T>(op: Op, ...args: unknown[]): Promise<T> {
    const id = ++this.next;
    return new Promise<T>((resolve, reject) => {
      if (!process.send || !process.connected) {
        reject(new Error('the key vault is not reachable'));
        return;
      }
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      process.send({ vault: 'request', id, op, args } satisfies Request);
    });
  }

  async put(sessionId: string, key: UnlockedKey): Promise<void> {
    try {
      await this.call('put', sessionId, key);
    } finally {
      // The main process holds it now.
      key.secretKey.fill(0);
    }
  }
  unlockedRecipient(session: VaultSession): Promise<string | null> {
    return this.call('unlockedRecipient', session);
  }
  openSealed(session: VaultSession, sealed: readonly string[]): Promise<Uint8Array[] | null> {
    return this.call('openSealed', session, [...sealed]);
  }
  drop(sessionId: string): Promise<void> {
    return this.call('drop', sessionId);
  }
  dropRecipient(recipientId: string): Promise<void> {
    return this.call('dropRecipient', recipientId);
  }
  sessionIds(): Promise<string[]> {
    return this.call('sessionIds');
  }
  sweep(liveSessionIds: readonly string[]): Promise<void> {
    return this.call('sweep', [...liveSessionIds]);
  }
}
