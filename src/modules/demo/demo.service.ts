import { randomBytes } from 'node:crypto';
import type { Actor } from '../../core/access';
import type { AuthService } from '../../core/auth/auth.service';
import type { AppContext } from '../../core/context';
import { SourcesRepository } from '../sources/sources.repository';
import { SourcesService } from '../sources/sources.service';
import { demoSources } from './demo.data';
import { PersonsService } from '../registry/persons.service';
import { createPersonBody } from '../registry/registry.schema';
import { demoPersons } from './demo-registry.data';

export interface DemoResult {
  loaded: boolean;
  admin?: { username: string; password: string };
}

/**
 * Loads the FICTIONAL demo dataset into an empty database so a newcomer sees a living system. Every record
 * is marked is_demo and the UI labels it. Nothing here describes a real person or organisation.
 */
export async function loadDemoIfEmpty(ctx: AppContext, auth: AuthService): Promise<DemoResult> {
  if ((await auth.countUsers()) > 0) return { loaded: false };
  const password = randomBytes(12).toString('base64url');
  const admin = await auth.createUser(null, {
    username: 'admin',
    displayName: 'Demo administrator',
    role: 'admin',
    password,
  });
  const actor: Actor = { id: admin.id, role: 'admin', username: admin.username };
  const sources = new SourcesService(ctx);
  for (const s of demoSources) await sources.create(actor, s, { demo: true });
  const persons = new PersonsService(ctx);
  for (const p of demoPersons) await persons.create(actor, createPersonBody.parse(p), { demo: true });
  return { loaded: true, admin: { username: 'admin', password } };
}

export function hasDemoData(ctx: AppContext): Promise<boolean> {
  return new SourcesRepository().anyDemo(ctx.db);
}
