import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm run bench`: runs every bench/*.bench.ts in its own process (so one benchmark's memory does not
 * colour another's), then writes bench/results/SUMMARY.md from the JSON files they wrote.
 */
const benchDir = path.dirname(fileURLToPath(import.meta.url));
const resultsDir = path.join(benchDir, 'results');
fs.mkdirSync(resultsDir, { recursive: true });

const only = process.argv.slice(2);
const files = fs
  .readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

let failed = 0;
for (const file of files) {
  process.stdout.write(`\n== ${file}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(benchDir, file)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}

const lines = [
  '# Benchmark summary',
  '',
  `- date: ${new Date().toISOString()}`,
  `- machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
  '',
];
for (const f of fs
  .readdirSync(resultsDir)
  .filter((x) => x.endsWith('.json'))
  .sort()) {
  lines.push(`## ${f}`, '', '```json', fs.readFileSync(path.join(resultsDir, f), 'utf8').trim(), '```', '');
}
fs.writeFileSync(path.join(resultsDir, 'SUMMARY.md'), `${lines.join('\n')}\n`);
process.stdout.write(`\nwrote ${path.relative(process.cwd(), path.join(resultsDir, 'SUMMARY.md'))}\n`);
process.exitCode = failed > 0 ? 1 : 0;
