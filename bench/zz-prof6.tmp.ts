import { performance } from 'node:perf_hooks';
import { openContext } from '../src/core/bootstrap';
import { loadConfig } from '../src/core/config';
import { createLogger } from '../src/core/logging';
import { visibleTo, type Actor } from '../src/core/access';
import { personFilter, identityReadable } from '../src/modules/registry/person-filter';
import { PersonsRepository } from '../src/modules/registry/persons.repository';
import { blindIndexKey, queryTokenGroups } from '../src/modules/registry/name-index';
const env: NodeJS.ProcessEnv = { ...process.env, SUPOLKA_DATA_DIR: process.argv[2]!, SUPOLKA_LOG_LEVEL: 'silent' };
delete env.DATABASE_URL;
const opened = await openContext(loadConfig(env), createLogger('silent'));
const { ctx } = opened;
const editor: Actor = { id: 'bench-editor', role: 'editor', username: 'bench' };
const all = (await ctx.db.selectFrom('person_names').select('value').where('value', 'is not', null).limit(60).execute()).map((r) => r.value!);
const key = blindIndexKey(ctx.keyring);
const repo = new PersonsRepository();
const sum = { old: 0, neu: 0 };
const mode = process.argv[3];
for (const full of all) {
  const q = mode === 'prefix' ? full.slice(0, 4) : full;
  const groups = queryTokenGroups(key, q);
  const mins = { old: Infinity, neu: Infinity };
  for (let r = 0; r < 6; r++) {
    let s = performance.now();
    const base = ctx.db.selectFrom('persons').where(visibleTo(editor, 'person', 'persons')).where(personFilter({}, groups)).where(identityReadable(editor));
    await base.selectAll('persons').orderBy('persons.updated_at', 'desc').orderBy('persons.id', 'desc').limit(50).execute();
    await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    mins.old = Math.min(mins.old, performance.now() - s);
    s = performance.now();
    await repo.list(ctx.db, editor, {}, groups, { limit: 50, offset: 0 });
    mins.neu = Math.min(mins.neu, performance.now() - s);
  }
  sum.old += mins.old; sum.neu += mins.neu;
}
console.log(mode, 'mean of per-query minimum ms: old', (sum.old / all.length).toFixed(2), 'new', (sum.neu / all.length).toFixed(2));
await opened.close();
