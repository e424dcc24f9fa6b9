import { randomBytes } from 'node:crypto';
import type { Actor } from '../../src/core/access';
import { AuthService } from '../../src/core/auth/auth.service';
import type { AppContext } from '../../src/core/context';
import type { Role, Tier } from '../../src/core/db/schema';
import { SourcesService } from '../../src/modules/sources/sources.service';
import type { SourceView } from '../../src/modules/sources/sources.schema';

export const TEST_PASSWORD = 'correct horse battery staple';

export async function makeUser(ctx: AppContext, role: Role, username?: string): Promise<Actor> {
  const name = username ?? `${role}-${randomBytes(3).toString('hex')}`;
  const row = await new AuthService(ctx).createUser(null, {
    username: name,
    displayName: name,
    role,
    password: TEST_PASSWORD,
  });
  return { id: row.id, role: row.role, username: row.username };
}

export async function makeSource(
  ctx: AppContext,
  author: Actor,
  tier: Tier,
  overrides: { title?: string; notes?: string; notesTier?: Tier } = {},
): Promise<SourceView> {
  return new SourcesService(ctx).create(author, {
    tier,
    title: overrides.title ?? `Test source ${tier} ${randomBytes(3).toString('hex')}`,
    notes: overrides.notes ?? `notes for ${tier}`,
    notesTier: overrides.notesTier ?? tier,
  });
}
