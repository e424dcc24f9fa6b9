import fs from 'node:fs';
import crypto from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/core/config';
import { openContext } from '../src/core/bootstrap';
import { createLogger } from '../src/core/logging';
import { importSanctionsFile } from '../src/modules/sanctions/sanctions.import';
import * as repo from '../src/modules/sanctions/resolution.repository';
import { resolve } from '../src/modules/sanctions/resolution';
import { runResolution } from '../src/modules/sanctions/resolution.service';

const dataDir = '/tmp/resprof/data';
const fresh = !fs.existsSync(dataDir);
fs.mkdirSync(dataDir, { recursive: true });
const env = { SUPOLKA_DATA_DIR: dataDir, SUPOLKA_LOG_LEVEL: 'silent', SUPOLKA_PASSWORD_HASH_COST: 'test' };
const opened = await openContext(loadConfig(env), createLogger('silent'));
const db = opened.ctx.db;
const DIR = '/work/shared/data/sanctions';
if (fresh)
  for (const f of ['eu-fsf-2026-05-01.xml.gz','us-ofac-sdn-2024-05-03.csv','gb-sanctions-2026-08-22.ftm.jsonl.gz','ca-sema-2026-08-22.ftm.jsonl.gz'])
    await importSanctionsFile(db, 'sqlite', path.join(DIR, f));
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
let t = performance.now(); let c = cpu();
const { records } = await repo.loadResolveRecords(db);
const decisions = await repo.loadDecisions(db);
console.log('load', Math.round(performance.now() - t), 'cpu', Math.round(cpu() - c), records.length);
for (let i = 0; i < Number(process.env.REP ?? 1) - 1; i++) { t = performance.now(); c = cpu(); resolve(records, decisions); console.log('rep', Math.round(performance.now() - t), 'cpu', Math.round(cpu() - c)); }
t = performance.now(); c = cpu();
const r = resolve(records, decisions);
console.log('resolve', Math.round(performance.now() - t), 'cpu', Math.round(cpu() - c), JSON.stringify(r.stats));
const cl = [...r.clusters.values()].map((k) => k.join(',')).sort().join('\n');
const rv = r.review.map((p) => `${p.a} ${p.b} ${p.score} ${p.reasons.join('|')}`).sort().join('\n');
const meth = [...r.method.entries()].map(([k, v]) => `${k} ${v.method} ${v.score}`).sort().join('\n');
fs.writeFileSync(process.env.OUT ?? '/tmp/resprof/out.txt', `${cl}\n==\n${rv}\n==\n${meth}\n`);
console.log('clusters', r.clusters.size, 'review', r.review.length, 'hash', crypto.createHash('sha256').update(cl + rv + meth).digest('hex').slice(0, 16));
if (process.env.FULL) {
  t = performance.now(); c = cpu();
  const s = await runResolution(db, 'sqlite');
  console.log('runResolution', Math.round(performance.now() - t), 'cpu', Math.round(cpu() - c), JSON.stringify(s));
}
await opened.close();
