import { NameIndex } from '../../src/names/index';
import { loadEu, loadGb } from '../names-data';
import { namePools, pick, random as rand, variant } from '../names-synthetic';
const N = Number(process.env.N ?? 100000);
const entities = [...(await loadEu()), ...(await loadGb())];
const pools = namePools(entities);
const names: string[] = [];
for (let i = 0; i < N; i++) {
  const sc = rand() < 0.5 ? pools.cyr : pools.lat;
  const g = rand() < 0.7 ? 'm' : 'f';
  const parts = [pick(sc.given[g]), pick(sc.pat[g]), pick(sc.sur[g])];
  names.push(rand() < 0.2 ? `${parts[0]} ${parts[2]}` : parts.join(' '));
}
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
let c0 = cpu();
const index = new NameIndex();
for (let i = 0; i < N; i++) index.add(`s${i}`, [names[i]!]);
index.freeze();
console.log('build cpu s', (cpu() - c0).toFixed(1), 'rss MB', Math.round(process.memoryUsage().rss / 2 ** 20), 'keys', index.keyCount);
const qs = Array.from({ length: 300 }, () => { const i = Math.floor(rand() * N); return { id: `s${i}`, q: variant(names[i]!) }; });
c0 = cpu();
let hits = 0; const lat: number[] = [];
for (const { id, q } of qs) { const t = process.cpuUsage(); const r = index.search(q, { top: 50, candidates: Number(process.env.C ?? 300) }); const d = process.cpuUsage(t); lat.push((d.user + d.system) / 1000); if (r.some((c) => c.id === id)) hits++; else if (process.env.V) console.log('MISS', q, '|', names[Number(id.slice(1))]); }
lat.sort((a, b) => a - b);
console.log('q/cpu-s', Math.round(qs.length / (cpu() - c0)), 'p50', lat[150]!.toFixed(1), 'p95', lat[285]!.toFixed(1), 'recall', hits / qs.length);
