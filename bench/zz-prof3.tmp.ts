import { performance } from 'node:perf_hooks';
import { openContext } from '../src/core/bootstrap';
import { loadConfig } from '../src/core/config';
import { createLogger } from '../src/core/logging';
import { visibleTo, type Actor } from '../src/core/access';
import { personFilter } from '../src/modules/registry/person-filter';
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
const t: Record<string, number[]> = { old: [], neu: [] };
for (const rep of [0, 1, 2]) for (const [i, full] of all.entries()) {
  const q = i % 2 ? full : full.slice(0, 4);
  const groups = queryTokenGroups(key, q);
  let s = performance.now();
  await repo.list(ctx.db, editor, {}, groups, { limit: 50, offset: 0 });
  if (rep > 0) t.neu!.push(performance.now() - s);
  s = performance.now();
  const base = ctx.db.selectFrom('persons').where(visibleTo(editor, 'person', 'persons')).where(personFilter({}, groups));
  await base.selectAll('persons').orderBy('persons.updated_at', 'desc').orderBy('persons.id', 'desc').limit(50).execute();
  await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (rep > 0) t.old!.push(performance.now() - s);
}
const p = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * xs.length)]!.toFixed(1);
for (const [k, v] of Object.entries(t)) console.log(k, 'p50', p(v, 0.5), 'p95', p(v, 0.95));
await opened.close();
