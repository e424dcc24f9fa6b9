import type { DB } from '../db/database';
import type { NewUserRow, Role, UserRow, UserUpdate } from '../db/schema';

export class UsersRepository {
  findById(db: DB, id: string): Promise<UserRow | undefined> {
    return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByUsername(db: DB, username: string): Promise<UserRow | undefined> {
    return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  }

  list(db: DB): Promise<UserRow[]> {
    return db.selectFrom('users').selectAll().orderBy('username').execute();
  }

  async insert(db: DB, row: NewUserRow): Promise<void> {
    await db.insertInto('users').values(row).execute();
  }

  async update(db: DB, id: string, patch: UserUpdate): Promise<void> {
    await db.updateTable('users').set(patch).where('id', '=', id).execute();
  }

  async countByRole(db: DB, role: Role): Promise<number> {
    const r = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', role)
      .where('disabled', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async count(db: DB): Promise<number> {
    const r = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}

export class SessionsRepository {
  async insert(
    db: DB,
    row: { id: string; userId: string; csrfToken: string; createdAt: string; expiresAt: string },
  ): Promise<void> {
    await db
      .insertInto('sessions')
      .values({
        id: row.id,
        user_id: row.userId,
        csrf_token: row.csrfToken,
        created_at: row.createdAt,
        expires_at: row.expiresAt,
        last_seen_at: row.createdAt,
      })
      .execute();
  }

  findWithUser(db: DB, id: string) {
    return db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'sessions.id as sessionId',
        'sessions.csrf_token as csrfToken',
        'sessions.expires_at as expiresAt',
        'users.id as userId',
        'users.username as username',
        'users.role as role',
        'users.disabled as disabled',
      ])
      .where('sessions.id', '=', id)
      .executeTakeFirst();
  }

  async delete(db: DB, id: string): Promise<void> {
    await db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  async deleteForUser(db: DB, userId: string, exceptId?: string): Promise<void> {
    let q = db.deleteFrom('sessions').where('user_id', '=', userId);
    if (exceptId) q = q.where('id', '!=', exceptId);
    await q.execute();
  }

  async deleteExpired(db: DB, nowIso: string): Promise<void> {
    await db.deleteFrom('sessions').where('expires_at', '<', nowIso).execute();
  }
}
