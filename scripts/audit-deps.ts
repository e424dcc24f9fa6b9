/**
 * Dependency audit for CI: fails on any known high or critical vulnerability in the installed tree.
 *
 * `npm audit` needs the registry's advisory service. Where that service refuses or cannot be reached
 * (some mirrors allow only GET), the audit cannot be done: this script then says so loudly and exits 0,
 * unless --strict is given, because a missing advisory service is not a finding about our code.
 * Run: npx tsx scripts/audit-deps.ts [--strict]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type AuditVerdict =
  | { kind: 'clean'; counts: SeverityCounts }
  | { kind: 'vulnerable'; counts: SeverityCounts; packages: string[] }
  | { kind: 'unavailable'; reason: string };

export interface SeverityCounts {
  info: number;
  low: number;
  moderate: number;
  high: number;
  critical: number;
}

const SEVERITIES = ['info', 'low', 'moderate', 'high', 'critical'] as const;
const FAILING = new Set<string>(['high', 'critical']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads `npm audit --json` output (report version 2, or npm's error object) into a verdict. */
export function readAuditReport(stdout: string): AuditVerdict {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    return { kind: 'unavailable', reason: 'npm audit printed no JSON report' };
  }
  if (!isRecord(parsed)) return { kind: 'unavailable', reason: 'npm audit printed no JSON object' };
  const metadata = parsed['metadata'];
  const totals = isRecord(metadata) ? metadata['vulnerabilities'] : undefined;
  if (!isRecord(totals)) {
    const status = parsed['statusCode'];
    const error = parsed['error'];
    const code = isRecord(error) && typeof error['code'] === 'string' ? error['code'] : '';
    const reason =
      typeof status === 'number'
        ? `advisory service answered HTTP ${status}`
        : code
          ? `npm audit failed with ${code}`
          : 'npm audit report has no vulnerability totals';
    return { kind: 'unavailable', reason };
  }
  const counts: SeverityCounts = { info: 0, low: 0, moderate: 0, high: 0, critical: 0 };
  for (const severity of SEVERITIES) {
    const n = totals[severity];
    counts[severity] = typeof n === 'number' ? n : 0;
  }
  const vulnerabilities = parsed['vulnerabilities'];
  const packages = isRecord(vulnerabilities)
    ? Object.entries(vulnerabilities)
        .filter(([, v]) => isRecord(v) && FAILING.has(String(v['severity'])))
        .map(([name, v]) => `${name} (${String(isRecord(v) ? v['severity'] : '')})`)
        .sort()
    : [];
  return counts.high + counts.critical > 0
    ? { kind: 'vulnerable', counts, packages }
    : { kind: 'clean', counts };
}

function main(): number {
  const strict = process.argv.includes('--strict');
  const run = spawnSync('npm', ['audit', '--json'], { encoding: 'utf8', timeout: 120_000 });
  const verdict = readAuditReport(run.stdout ?? '');
  switch (verdict.kind) {
    case 'clean':
      console.log(`dependency audit: no high or critical advisories (${JSON.stringify(verdict.counts)})`);
      return 0;
    case 'vulnerable':
      console.error(
        `dependency audit: FAILED, ${verdict.counts.high} high and ${verdict.counts.critical} critical:\n  ` +
          verdict.packages.join('\n  '),
      );
      return 1;
    case 'unavailable':
      console.warn(
        `dependency audit: NOT CHECKED, ${verdict.reason}${strict ? '' : ' (use --strict to fail)'}`,
      );
      return strict ? 1 : 0;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(main());
