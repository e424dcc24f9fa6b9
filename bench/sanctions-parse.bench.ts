import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSanctionsFile } from '../src/modules/sanctions/sanctions.parser';

/**
 * Parse time and peak RSS for the EU FSF file (the largest XML list): three runs, median reported.
 * Targets: ≤ 5 s and ≤ 500 MB. Peak RSS is the process's lifetime maximum (getrusage), so it includes
 * Node and tsx themselves: an upper bound for the parser.
 */
const FILE = process.env.SANCTIONS_BENCH_FILE ?? '/work/shared/data/sanctions/eu-fsf-2026-05-01.xml.gz';
const LIMIT_MS = 5000;
const LIMIT_MB = 500;

async function once(): Promise<{ ms: number; targets: number; names: number }> {
  const start = performance.now();
  const list = await parseSanctionsFile(FILE);
  let targets = 0;
  let names = 0;
  for await (const t of list.targets) {
    targets++;
    names += t.names.length;
  }
  return { ms: performance.now() - start, targets, names };
}

const runs = [];
for (let i = 0; i < 3; i++) runs.push(await once());
const sorted = runs.map((r) => r.ms).sort((a, b) => a - b);
const medianMs = Math.round(sorted[1] ?? 0);
const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
const result = {
  benchmark: 'sanctions-parse',
  date: new Date().toISOString(),
  node: process.version,
  file: path.basename(FILE),
  bytes: fs.statSync(FILE).size,
  targets: runs[0]?.targets,
  names: runs[0]?.names,
  runsMs: runs.map((r) => Math.round(r.ms)),
  medianMs,
  peakRssMb,
  limits: { ms: LIMIT_MS, rssMb: LIMIT_MB },
  pass: medianMs <= LIMIT_MS && peakRssMb <= LIMIT_MB,
};
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', 'sanctions-parse.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exitCode = result.pass ? 0 : 1;
