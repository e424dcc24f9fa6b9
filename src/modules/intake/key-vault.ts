import type { SessionInfo } from '../../core/auth/auth.service';
import { openSealedKey, sodium } from './intake.crypto';

/** A recipient's secret key, unlocked by its owner in one staff session. */
export interface UnlockedKey {
  recipientId: string;
  userId: string;
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

/** The session asking: its id and its user (an unlocked key serves only the user who unlocked it). */
export interface VaultSession {
  sessionId: string;
  userId: string;
}

/** What the vault needs of a staff session. */
export const vaultSession = (session: SessionInfo): VaultSession => ({
  sessionId: session.sessionId,
  userId: session.actor.id,
});

/**
 * Where unlocked recipient keys are kept and used. The secret key never leaves the vault once put there:
 * callers ask which recipient a session has unlocked and have message keys opened with it. With several
 * serving processes the one vault lives in the main process (key-vault.ipc.ts), so a key unlocked through
 * one worker serves the session's requests on every worker.
 */
export interface RecipientVault {
  put(sessionId: string, key: UnlockedKey): Promise<void>;
  /** The recipient whose key this session holds unlocked, or null. */
  unlockedRecipient(session: VaultSession): Promise<string | null>;
  /** Message keys sealed to the session's unlocked key, opened in order; null when it holds none. */
  openSealed(session: VaultSession, sealed: readonly string[]): Promise<Uint8Array[] | null>;
  drop(sessionId: string): Promise<void>;
  /** Forget every unlocked copy of a recipient key (revocation, key change). */
  dropRecipient(recipientId: string): Promise<void>;
  /** Session ids holding an unlocked key (for the sweep). */
  sessionIds(): Promise<string[]>;
  /** Forget keys whose unlock expired or whose session is not in `liveSessionIds`. */
  sweep(liveSessionIds: readonly string[]): Promise<void>;
}

/** An unlock lasts as long as a session may. */
export const vaultTtlMs = (config: { sessionHours: number }): number => config.sessionHours * 3_600_000;

interface Entry extends UnlockedKey {
  expiresAt: number;
}

/**
 * Recipients' unlocked secret keys, in this process's memory only, one per staff session. Never written
 * anywhere; gone when the process stops, the session's unlock expires, or the user locks it.
 */
export class KeyVault implements RecipientVault {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly ttlMs: number) {}

  put(sessionId: string, key: UnlockedKey): Promise<void> {
    const now = Date.now();
    for (const [sid, x] of this.entries) if (x.expiresAt < now) this.forget(sid);
    this.forget(sessionId);
    this.entries.set(sessionId, { ...key, expiresAt: now + this.ttlMs });
    return Promise.resolve();
  }

  private held(session: VaultSession): Entry | null {
    const e = this.entries.get(session.sessionId);
    if (!e) return null;
    if (e.expiresAt < Date.now() || e.userId !== session.userId) {
      this.forget(session.sessionId);
      return null;
    }
    return e;
  }

  unlockedRecipient(session: VaultSession): Promise<string | null> {
    return Promise.resolve(this.held(session)?.recipientId ?? null);
  }

  async openSealed(session: VaultSession, sealed: readonly string[]): Promise<Uint8Array[] | null> {
    const e = this.held(session);
    if (!e) return null;
    const s = await sodium();
    return sealed.map((k) => openSealedKey(s, k, e.publicKey, e.secretKey));
  }

  private forget(sessionId: string): void {
    const e = this.entries.get(sessionId);
    if (e) e.secretKey.fill(0);
    this.entries.delete(sessionId);
  }

  drop(sessionId: string): Promise<void> {
    this.forget(sessionId);
    return Promise.resolve();
  }

  dropRecipient(recipientId: string): Promise<void> {
    for (const [sid, e] of this.entries) if (e.recipientId === recipientId) this.forget(sid);
    return Promise.resolve();
  }

  sessionIds(): Promise<string[]> {
    return Promise.resolve([...this.entries.keys()]);
  }

  sweep(liveSessionIds: readonly string[]): Promise<void> {
    const live = new Set(liveSessionIds);
    const now = Date.now();
    for (const [sid, e] of this.entries) if (e.expiresAt < now || !live.has(sid)) this.forget(sid);
    return Promise.resolve();
  }
}
