import { performance } from 'node:perf_hooks';
import { openContext } from '../src/core/bootstrap';
import { loadConfig } from '../src/core/config';
import { createLogger } from '../src/core/logging';
import { PersonsRepository } from '../src/modules/registry/persons.repository';
import { PersonsService } from '../src/modules/registry/persons.service';
import { blindIndexKey, queryTokenGroups } from '../src/modules/registry/name-index';
import type { Actor } from '../src/core/access';

const dir = process.argv[2]!;
const env: NodeJS.ProcessEnv = { ...process.env, SUPOLKA_DATA_DIR: dir, SUPOLKA_LOG_LEVEL: 'silent' };
delete env.DATABASE_URL;
const opened = await openContext(loadConfig(env), createLogger('silent'));
const { ctx } = opened;
const editor: Actor = { id: 'bench-editor', role: 'editor', username: 'bench' };
const names = (await ctx.db.selectFrom('person_names').select('value').where('value', 'is not', null).limit(60).execute()).map((r) => r.value!);
const repo = new PersonsRepository();
const svc = new PersonsService(ctx);
const key = blindIndexKey(ctx.keyring);
const t = { list: [] as number[], svc: [] as number[] };
for (const [i, n] of names.entries()) {
  const q = process.argv[3] === 'prefix' ? n.slice(0, 4) : n;
  const groups = queryTokenGroups(key, q);
  let s = performance.now();
  const r = await repo.list(ctx.db, editor, {}, groups, { limit: 50, offset: 0 });
  t.list.push(performance.now() - s);
  s = performance.now();
  await svc.list(editor, { q, limit: 50, offset: 0 });
  t.svc.push(performance.now() - s);
  if (i === 0) console.log('hits', r.total);
}
const p = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * xs.length)]!.toFixed(1);
console.log('repo.list p50', p(t.list, 0.5), 'p95', p(t.list, 0.95));
console.log('svc.list p50', p(t.svc, 0.5), 'p95', p(t.svc, 0.95));
await opened.close();
