import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Actor } from '../access';
import type { AppContext } from '../context';
import type { Role, UserRow } from '../db/schema';
import { AppError } from '../errors';
import { addMinutes, nowIso } from '../time';
import { hashPassword, passwordRules, verifyAgainstDummy, verifyPassword } from './password';
import { generateTotpSecret, otpauthUri, verifyTotp } from './totp';
import { SessionsRepository, UsersRepository } from './users.repository';

export interface SessionInfo {
  actor: Actor;
  sessionId: string;
  csrfToken: string;
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  user: UserRow;
}

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
const totpContext = (userId: string): string => `users:${userId}:totp`;

export class AuthService {
  private readonly users = new UsersRepository();
  private readonly sessions = new SessionsRepository();

  constructor(private readonly ctx: AppContext) {}

  async login(input: {
    username: string;
    password: string;
    totp?: string | undefined;
  }): Promise<LoginResult> {
    const { db, config, audit } = this.ctx;
    const user = await this.users.findByUsername(db, input.username);
    if (!user || user.disabled) {
      await verifyAgainstDummy(input.password, config.passwordHashCost);
      await db.transaction().execute((trx) =>
        audit.append(trx, {
          actorId: user?.id ?? null,
          action: 'auth.login',
          outcome: 'failed',
          detail: { reason: user ? 'disabled' : 'unknown-user' },
        }),
      );
      throw new AppError('INVALID_CREDENTIALS');
    }
    const now = nowIso();
    if (user.locked_until && user.locked_until > now) {
      await db.transaction().execute((trx) =>
        audit.append(trx, {
          actorId: user.id,
          action: 'auth.login',
          outcome: 'denied',
          detail: { reason: 'locked' },
        }),
      );
      throw new AppError('ACCOUNT_LOCKED');
    }
    const passwordOk = await verifyPassword(user.password_hash, input.password);
    if (passwordOk && user.totp_enabled && !input.totp) throw new AppError('TOTP_REQUIRED');
    let totpStep: number | null = null;
    if (passwordOk && user.totp_enabled) {
      const secret = this.ctx.keyring.decrypt(user.totp_secret_enc ?? '', totpContext(user.id));
      totpStep = verifyTotp(secret, input.totp ?? '', Date.now(), user.totp_last_step);
    }
    if (!passwordOk || (user.totp_enabled && totpStep === null)) {
      await this.recordFailure(user, now, passwordOk ? 'totp' : 'password');
      throw new AppError('INVALID_CREDENTIALS');
    }
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    await db.transaction().execute(async (trx) => {
      await this.users.update(trx, user.id, {
        failed_logins: 0,
        locked_until: null,
        ...(totpStep !== null ? { totp_last_step: totpStep } : {}),
      });
      await this.sessions.insert(trx, {
        id: hashToken(token),
        userId: user.id,
        csrfToken,
        createdAt: now,
        expiresAt: addMinutes(now, config.sessionHours * 60),
      });
      await audit.append(trx, {
        actorId: user.id,
        action: 'auth.login',
        detail: { totp: Boolean(user.totp_enabled) },
      });
    });
    return { token, csrfToken, user };
  }

  private async recordFailure(user: UserRow, now: string, reason: string): Promise<void> {
    const { db, config, audit } = this.ctx;
    const failures = user.failed_logins + 1;
    const lock = failures >= config.loginMaxFailures;
    await db.transaction().execute(async (trx) => {
      await this.users.update(trx, user.id, {
        failed_logins: lock ? 0 : failures,
        locked_until: lock ? addMinutes(now, config.lockoutMinutes) : user.locked_until,
      });
      await audit.append(trx, {
        actorId: user.id,
        action: 'auth.login',
        outcome: 'failed',
        detail: { reason, locked: lock },
      });
    });
  }

  async authenticate(token: string | undefined): Promise<SessionInfo | null> {
    if (!token || token.length > 200) return null;
    const row = await this.sessions.findWithUser(this.ctx.db, hashToken(token));
    if (!row || row.disabled || row.expiresAt <= nowIso()) return null;
    return {
      actor: { id: row.userId, role: row.role, username: row.username },
      sessionId: row.sessionId,
      csrfToken: row.csrfToken,
    };
  }

  async logout(session: SessionInfo): Promise<void> {
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.sessions.delete(trx, session.sessionId);
      await this.ctx.audit.append(trx, { actorId: session.actor.id, action: 'auth.logout' });
    });
  }

  async createUser(
    by: Actor | null,
    input: { username: string; displayName: string; role: Role; password: string },
  ): Promise<UserRow> {
    checkPasswordRules(input.password);
    const { db, audit, config } = this.ctx;
    if (await this.users.findByUsername(db, input.username))
      throw new AppError('CONFLICT', 'That username is taken.');
    const now = nowIso();
    const row: UserRow = {
      id: randomUUID(),
      username: input.username,
      display_name: input.displayName,
      role: input.role,
      password_hash: await hashPassword(input.password, config.passwordHashCost),
      totp_secret_enc: null,
      totp_enabled: 0,
      totp_last_step: 0,
      disabled: 0,
      failed_logins: 0,
      locked_until: null,
      created_at: now,
      updated_at: now,
    };
    await db.transaction().execute(async (trx) => {
      await this.users.insert(trx, row);
      await audit.append(trx, {
        actorId: by?.id ?? null,
        action: 'user.create',
        entityType: 'user',
        entityId: row.id,
        detail: { role: input.role, via: by ? 'api' : 'cli' },
      });
    });
    return row;
  }

  async updateUser(
    by: Actor | null,
    id: string,
    patch: { role?: Role | undefined; disabled?: boolean | undefined },
  ): Promise<UserRow> {
    const { db, audit } = this.ctx;
    return db.transaction().execute(async (trx) => {
      const user = await this.users.findById(trx, id);
      if (!user) throw new AppError('NOT_FOUND');
      const demotesLastAdmin =
        user.role === 'admin' &&
        !user.disabled &&
        (patch.disabled === true || (patch.role && patch.role !== 'admin'));
      if (demotesLastAdmin && (await this.users.countByRole(trx, 'admin')) <= 1) {
        throw new AppError('CONFLICT', 'The last active admin cannot be disabled or demoted.');
      }
      const set = {
        ...(patch.role ? { role: patch.role } : {}),
        ...(patch.disabled !== undefined ? { disabled: patch.disabled ? 1 : 0 } : {}),
        updated_at: nowIso(),
      };
      await this.users.update(trx, id, set);
      if (patch.disabled || patch.role) await this.sessions.deleteForUser(trx, id);
      await audit.append(trx, {
        actorId: by?.id ?? null,
        action: 'user.update',
        entityType: 'user',
        entityId: id,
        detail: { fields: Object.keys(set).filter((k) => k !== 'updated_at') },
      });
      return (await this.users.findById(trx, id))!;
    });
  }

  getUser(id: string): Promise<UserRow | undefined> {
    return this.users.findById(this.ctx.db, id);
  }

  listUsers(): Promise<UserRow[]> {
    return this.users.list(this.ctx.db);
  }

  findUserByUsername(username: string): Promise<UserRow | undefined> {
    return this.users.findByUsername(this.ctx.db, username);
  }

  countUsers(): Promise<number> {
    return this.users.count(this.ctx.db);
  }

  async changePassword(session: SessionInfo, current: string, next: string): Promise<void> {
    checkPasswordRules(next);
    const { db, audit, config } = this.ctx;
    const user = await this.users.findById(db, session.actor.id);
    if (!user || !(await verifyPassword(user.password_hash, current)))
      throw new AppError('INVALID_CREDENTIALS');
    const hash = await hashPassword(next, config.passwordHashCost);
    await db.transaction().execute(async (trx) => {
      await this.users.update(trx, user.id, { password_hash: hash, updated_at: nowIso() });
      await this.sessions.deleteForUser(trx, user.id, session.sessionId);
      await audit.append(trx, {
        actorId: user.id,
        action: 'account.password',
        entityType: 'user',
        entityId: user.id,
      });
    });
  }

  async beginTotpSetup(session: SessionInfo): Promise<{ secret: string; uri: string }> {
    const secret = generateTotpSecret();
    const { db, keyring } = this.ctx;
    const user = await this.users.findById(db, session.actor.id);
    if (!user) throw new AppError('NOT_FOUND');
    if (user.totp_enabled) throw new AppError('CONFLICT', 'Two-factor sign-in is already on.');
    await this.users.update(db, user.id, { totp_secret_enc: keyring.encrypt(secret, totpContext(user.id)) });
    return { secret, uri: otpauthUri(secret, user.username) };
  }

  async setTotp(session: SessionInfo, enable: boolean, code: string): Promise<void> {
    const { db, keyring, audit } = this.ctx;
    const user = await this.users.findById(db, session.actor.id);
    if (!user?.totp_secret_enc || Boolean(user.totp_enabled) === enable) throw new AppError('CONFLICT');
    const secret = keyring.decrypt(user.totp_secret_enc, totpContext(user.id));
    const step = verifyTotp(secret, code, Date.now(), user.totp_last_step);
    if (step === null) throw new AppError('INVALID_CREDENTIALS');
    await db.transaction().execute(async (trx) => {
      await this.users.update(trx, user.id, {
        totp_enabled: enable ? 1 : 0,
        totp_last_step: step,
        ...(enable ? {} : { totp_secret_enc: null }),
        updated_at: nowIso(),
      });
      await audit.append(trx, {
        actorId: user.id,
        action: enable ? 'account.totp.enable' : 'account.totp.disable',
        entityType: 'user',
        entityId: user.id,
      });
    });
  }

  async purgeExpiredSessions(): Promise<void> {
    await this.sessions.deleteExpired(this.ctx.db, nowIso());
  }
}

function checkPasswordRules(password: string): void {
  if (password.length < passwordRules.minLength || password.length > passwordRules.maxLength) {
    throw new AppError(
      'VALIDATION_FAILED',
      `A password needs ${passwordRules.minLength} to ${passwordRules.maxLength} characters.`,
      [{ path: 'password', message: 'length' }],
    );
  }
}
