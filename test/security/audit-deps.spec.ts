import { describe, expect, it } from 'vitest';
import { readAuditReport } from '../../scripts/audit-deps.js';

// Shapes of `npm audit --json` (auditReportVersion 2) and of npm's error object when the service refuses.
function report(
  totals: Record<string, number>,
  vulnerabilities: Record<string, { severity: string }>,
): string {
  return JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities,
    metadata: { vulnerabilities: { ...totals, total: Object.values(totals).reduce((a, b) => a + b, 0) } },
  });
}

describe('dependency audit verdict', () => {
  it('fails on a high or critical advisory and names the packages', () => {
    const verdict = readAuditReport(
      report(
        { info: 0, low: 1, moderate: 0, high: 1, critical: 1 },
        { tar: { severity: 'high' }, minimist: { severity: 'critical' }, ms: { severity: 'low' } },
      ),
    );
    expect(verdict).toEqual({
      kind: 'vulnerable',
      counts: { info: 0, low: 1, moderate: 0, high: 1, critical: 1 },
      packages: ['minimist (critical)', 'tar (high)'],
    });
  });

  it('passes when only low and moderate advisories exist', () => {
    const verdict = readAuditReport(
      report({ info: 2, low: 1, moderate: 3, high: 0, critical: 0 }, { ms: { severity: 'moderate' } }),
    );
    expect(verdict.kind).toBe('clean');
  });

  it('reports an unreachable advisory service instead of calling the tree clean', () => {
    expect(readAuditReport(JSON.stringify({ message: '405 Method Not Allowed', statusCode: 405 }))).toEqual({
      kind: 'unavailable',
      reason: 'advisory service answered HTTP 405',
    });
    expect(readAuditReport(JSON.stringify({ error: { code: 'ENOTFOUND', summary: 'x' } }))).toEqual({
      kind: 'unavailable',
      reason: 'npm audit failed with ENOTFOUND',
    });
    expect(readAuditReport('npm ERR! something').kind).toBe('unavailable');
  });
});
