import { randomUUID } from 'node:crypto';
import type { Actor } from '../../core/access';
import { verifyPassword } from '../../core/auth/password';
import type { SessionInfo } from '../../core/auth/auth.service';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { nowIso } from '../../core/time';
import { b64, protectSecretKey, sealKey, sodium, unb64, unprotectSecretKey } from './intake.crypto';
import { IntakeRepository, type RecipientRow } from './intake.repository';
import { vaultSession, type RecipientVault } from './key-vault';

const keyContext = (id: string): string => `intake_recipients:${id}:secret_key`;

/** Recipient key pairs: create, unlock into the vault, change, revoke. */
export class RecipientKeysService {
  private readonly repo = new IntakeRepository();

  constructor(
    private readonly ctx: AppContext,
    readonly vault: RecipientVault,
  ) {}

  /** Drops unlocked keys of sessions that ended; run on sign-out and every few minutes. */
  async sweepVault(): Promise<void> {
    const ids = await this.vault.sessionIds();
    if (ids.length === 0) return;
    await this.vault.sweep(await this.repo.liveSessionIds(this.ctx.db, ids, nowIso()));
  }

  async status(
    session: SessionInfo,
  ): Promise<{ hasKey: boolean; unlocked: boolean; publicKey: string | null }> {
    const row = await this.repo.activeRecipientOf(this.ctx.db, session.actor.id);
    return {
      hasKey: Boolean(row),
      unlocked: Boolean(row && (await this.vault.unlockedRecipient(vaultSession(session)))),
      publicKey: row?.public_key ?? null,
    };
  }

  private async checkPassword(userId: string, password: string): Promise<void> {
    const user = await this.ctx.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!user || !(await verifyPassword(user.password_hash, password)))
      throw new AppError('INVALID_CREDENTIALS');
  }

  /**
   * Creates the caller's key pair (or replaces it: key change). On a change, the message keys sealed to the
   * old key are re-sealed to the new one, which needs the old key unlocked in this session; the old key is
   * then revoked and its sealed copies deleted.
   */
  async create(session: SessionInfo, password: string): Promise<{ publicKey: string }> {
    const { ctx } = this;
    await this.checkPassword(session.actor.id, password);
    const s = await sodium();
    const old = await this.repo.activeRecipientOf(ctx.db, session.actor.id);
    const oldUnlocked = old ? await this.vault.unlockedRecipient(vaultSession(session)) : null;
    if (old && !oldUnlocked) throw new AppError('CONFLICT', 'Unlock your current key first.');
    const kp = s.crypto_box_keypair();
    const id = randomUUID();
    const prot = protectSecretKey(s, kp.privateKey, password, ctx.config.passwordHashCost);
    const publicKey = b64(kp.publicKey);
    await ctx.db.transaction().execute(async (trx) => {
      await this.repo.insertRecipient(trx, {
        id,
        user_id: session.actor.id,
        public_key: publicKey,
        secret_key_enc: ctx.keyring.encrypt(JSON.stringify(prot), keyContext(id)),
        kdf_salt: prot.salt,
        kdf_ops: prot.ops,
        kdf_mem: prot.mem,
        status: 'active',
        created_at: nowIso(),
        revoked_at: null,
      });
      let resealed = 0;
      if (old && oldUnlocked) {
        const rows = await this.repo.keysHeldBy(trx, old.id);
        const opened = await this.vault.openSealed(
          vaultSession(session),
          rows.map((r) => r.sealed_key),
        );
        if (!opened) throw new AppError('CONFLICT', 'Unlock your current key first.');
        const values = rows.map((r, i) => ({
          message_id: r.message_id,
          holder: id,
          sealed_key: sealKey(s, opened[i]!, publicKey),
        }));
        for (const k of opened) s.memzero(k);
        await this.repo.insertKeys(trx, values);
        resealed = values.length;
        await this.repo.deleteKeysHeldBy(trx, old.id);
        await this.repo.updateRecipient(trx, old.id, { status: 'revoked', revoked_at: nowIso() });
      }
      await ctx.audit.append(trx, {
        actorId: session.actor.id,
        action: old ? 'intake.key.change' : 'intake.key.create',
        entityType: 'intake_recipient',
        entityId: id,
        detail: { resealed },
      });
    });
    if (old) await this.vault.dropRecipient(old.id);
    await this.vault.put(session.sessionId, {
      recipientId: id,
      userId: session.actor.id,
      publicKey: kp.publicKey,
      secretKey: kp.privateKey,
    });
    return { publicKey };
  }

  async unlock(session: SessionInfo, password: string): Promise<void> {
    const { ctx } = this;
    const row = await this.repo.activeRecipientOf(ctx.db, session.actor.id);
    if (!row) throw new AppError('NOT_FOUND');
    const sk = await this.openSecretKey(row, password);
    if (!sk) {
      await ctx.db.transaction().execute((trx) =>
        ctx.audit.append(trx, {
          actorId: session.actor.id,
          action: 'intake.key.unlock',
          outcome: 'failed',
        }),
      );
      throw new AppError('INVALID_CREDENTIALS');
    }
    await this.vault.put(session.sessionId, {
      recipientId: row.id,
      userId: session.actor.id,
      publicKey: unb64(row.public_key),
      secretKey: sk,
    });
    await ctx.db.transaction().execute((trx) =>
      ctx.audit.append(trx, {
        actorId: session.actor.id,
        action: 'intake.key.unlock',
        entityType: 'intake_recipient',
        entityId: row.id,
      }),
    );
  }

  /** The secret key, or null on a wrong password. Exposed for the key-protection test. */
  async openSecretKey(row: RecipientRow, password: string): Promise<Uint8Array | null> {
    const s = await sodium();
    const prot = JSON.parse(this.ctx.keyring.decrypt(row.secret_key_enc, keyContext(row.id))) as {
      box: string;
      salt: string;
      ops: number;
      mem: number;
    };
    return unprotectSecretKey(s, prot, password);
  }

  /**
   * After an account password change the key stays protected by the old password; this re-protects it
   * under the new one (both needed).
   */
  async reprotect(session: SessionInfo, oldPassword: string, newPassword: string): Promise<void> {
    const { ctx } = this;
    await this.checkPassword(session.actor.id, newPassword);
    const row = await this.repo.activeRecipientOf(ctx.db, session.actor.id);
    if (!row) throw new AppError('NOT_FOUND');
    const sk = await this.openSecretKey(row, oldPassword);
    if (!sk) throw new AppError('INVALID_CREDENTIALS');
    const s = await sodium();
    const prot = protectSecretKey(s, sk, newPassword, ctx.config.passwordHashCost);
    s.memzero(sk);
    await ctx.db.transaction().execute(async (trx) => {
      await this.repo.updateRecipient(trx, row.id, {
        secret_key_enc: ctx.keyring.encrypt(JSON.stringify(prot), keyContext(row.id)),
        kdf_salt: prot.salt,
        kdf_ops: prot.ops,
        kdf_mem: prot.mem,
      });
      await ctx.audit.append(trx, {
        actorId: session.actor.id,
        action: 'intake.key.reprotect',
        entityType: 'intake_recipient',
        entityId: row.id,
      });
    });
  }

  lock(session: SessionInfo): Promise<void> {
    return this.vault.drop(session.sessionId);
  }

  /**
   * Revocation: the key receives nothing new, and its sealed copies of message keys are deleted, so even
   * someone holding its secret key and password can no longer open stored submissions.
   */
  async revoke(actor: Actor, recipientId: string): Promise<void> {
    const { ctx } = this;
    await ctx.db.transaction().execute(async (trx) => {
      const row = await this.repo.findRecipient(trx, recipientId);
      if (!row || row.status !== 'active') throw new AppError('NOT_FOUND');
      await this.repo.deleteKeysHeldBy(trx, row.id);
      await this.repo.updateRecipient(trx, row.id, {
        status: 'revoked',
        revoked_at: nowIso(),
        secret_key_enc: 'destroyed',
      });
      await ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'intake.key.revoke',
        entityType: 'intake_recipient',
        entityId: row.id,
      });
    });
    await this.vault.dropRecipient(recipientId);
  }

  list() {
    return this.repo.listRecipients(this.ctx.db);
  }
}
