import { performance } from 'node:perf_hooks';
import { openContext } from '../src/core/bootstrap';
import { loadConfig } from '../src/core/config';
import { createLogger } from '../src/core/logging';
import type { Actor } from '../src/core/access';
import { PersonsRepository } from '../src/modules/registry/persons.repository';
import { blindIndexKey, queryTokenGroups } from '../src/modules/registry/name-index';
const env: NodeJS.ProcessEnv = { ...process.env, SUPOLKA_DATA_DIR: process.argv[2]!, SUPOLKA_LOG_LEVEL: 'silent' };
delete env.DATABASE_URL;
const opened = await openContext(loadConfig(env), createLogger('silent'));
const { ctx } = opened;
const editor: Actor = { id: 'bench-editor', role: 'editor', username: 'bench' };
const all = (await ctx.db.selectFrom('person_names').select('value').where('value', 'is not', null).limit(80).execute()).map((r) => r.value!);
const key = blindIndexKey(ctx.keyring);
const repo = new PersonsRepository();
const t: number[] = [];
for (const rep of [0, 1, 2]) for (const full of all) {
  const q = process.argv[3] === 'prefix' ? full.slice(0, 4) : full;
  const s = performance.now();
  await repo.list(ctx.db, editor, {}, queryTokenGroups(key, q), { limit: 50, offset: 0 });
  if (rep > 0) t.push(performance.now() - s);
}
const p = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * xs.length)]!.toFixed(2);
console.log('repo.list p50', p(t, 0.5), 'p95', p(t, 0.95));
await opened.close();
