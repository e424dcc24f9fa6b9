import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { createTestEnv, ENGINES, type TestEnv } from '../support/context';
import { LIST_A, LIST_B, tempDir, writeList } from './fictional-lists';

/** `supolka sanctions import` / `alignment` as real child processes, on FICTIONAL lists: exact output shapes. */

for (const engine of ENGINES) {
  describe(`sanctions CLI (${engine})`, () => {
    let env: TestEnv;
    let dir: string;
    beforeAll(async () => {
      env = await createTestEnv(engine);
      dir = tempDir();
    });
    afterAll(async () => {
      await env?.destroy();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it('import prints one exact JSON summary per file; a bad file fails alone, naming itself', async () => {
      const a = writeList(dir, 'cli-ca-2026-01-02.ftm.jsonl.gz', 'test_fictional_ca', LIST_A, true);
      const b = writeList(dir, 'cli-gb-2026-01-03.ftm.jsonl', 'test_fictional_gb', LIST_B);
      const bad = path.join(dir, 'not-a-list.txt');
      fs.writeFileSync(bad, 'nothing to see\n');
      const res = await runCli(env.env, ['sanctions', 'import', a, bad, b], { timeoutMs: 60_000 });
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('not-a-list.txt');
      const lines = res.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.map((l) => Object.keys(l))).toEqual([
        ['dataset', 'format', 'snapshotDate', 'targets', 'byRegime', 'delta'],
        ['dataset', 'format', 'snapshotDate', 'targets', 'byRegime', 'delta'],
      ]);
      expect(lines[0]).toEqual({
        dataset: 'test_fictional_ca',
        format: 'ftm-jsonl',
        snapshotDate: '2026-01-02',
        targets: 5,
        byRegime: { Belarus: 3, Russia: 1, other: 1 },
        delta: { previousSnapshotDate: null, added: 5, removed: 0, changedNames: 0 },
      });
      expect(lines[1]).toMatchObject({
        dataset: 'test_fictional_gb',
        targets: 4,
        byRegime: { Belarus: 1, Russia: 3, other: 0 },
      });
    }, 90_000);

    it('alignment writes the report with lists, clusters and gaps', async () => {
      const out = path.join(dir, 'report.json');
      const res = await runCli(env.env, ['sanctions', 'alignment', '--output', out], { timeoutMs: 60_000 });
      expect(res.code, res.stderr).toBe(0);
      const report = JSON.parse(fs.readFileSync(out, 'utf8')) as {
        lists: Record<string, unknown>[];
        clusters: number;
        gaps: Record<string, unknown>[];
      };
      expect(Object.keys(report).slice(0, 3)).toEqual(['lists', 'clusters', 'gaps']);
      expect(report.lists.map((l) => Object.keys(l))).toEqual([
        ['dataset', 'jurisdiction', 'snapshotDate', 'targets', 'byRegime'],
        ['dataset', 'jurisdiction', 'snapshotDate', 'targets', 'byRegime'],
      ]);
      expect(report.lists[0]).toEqual({
        dataset: 'test_fictional_ca',
        jurisdiction: 'CA',
        snapshotDate: '2026-01-02',
        targets: 5,
        byRegime: { Belarus: 3, Russia: 1, other: 1 },
      });
      expect(report.clusters).toBe(8);
      expect(report.gaps.length).toBeGreaterThan(0);
      for (const g of report.gaps)
        expect(Object.keys(g)).toEqual(
          expect.arrayContaining(['clusterId', 'name', 'listedBy', 'notListedBy', 'regimes']),
        );
    }, 90_000);
  });
}
