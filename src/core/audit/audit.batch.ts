import type { DB } from '../db/database';
import type { AuditEntry, AuditRepository } from './audit.repository';

/** At most this many entries per transaction, so one flush never holds the writer for long. */
const MAX_BATCH = 256;

interface Pending {
  entry: AuditEntry;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for audit entries of READS. A read request awaits `append`, which resolves only once its
 * entry is committed, so the entry is durable before the response goes out (the security model's rule);
 * entries of requests that arrive while a commit is in progress share the next transaction, so N
 * concurrent audited reads cost one synchronous commit (fsync) instead of N. The hash chain is intact:
 * entries are appended one after another inside the flush transaction, under the same serialisation as
 * any other audit writer (SQLite's single writer, PostgreSQL's advisory lock).
 *
 * Writes keep appending inside their own transaction (AuditRepository.append): their audit row must
 * commit or roll back together with the change.
 */
export class AuditBatch {
  private queue: Pending[] = [];
  private draining = false;

  constructor(
    private readonly db: DB,
    private readonly audit: AuditRepository,
  ) {}

  /** Resolves when the entry is committed; rejects (and the request fails) when the commit fails. */
  append(entry: AuditEntry): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        void this.drain();
      }
    });
  }

  private async drain(): Promise<void> {
    // Let requests that are finishing in the same turn of the event loop join the first transaction.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        await this.db.transaction().execute(async (trx) => {
          for (const p of batch) await this.audit.append(trx, p.entry);
        });
        for (const p of batch) p.resolve();
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }
    this.draining = false;
  }
}
