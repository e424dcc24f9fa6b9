import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';

/**
 * `supolka screen` against the REAL lists in ../shared/data/sanctions (Canada SEMA FtM export and the
 * OFAC SDN CSV; see that folder's README for sources and licences), as a child process. Test titles and
 * messages carry no names; the queried names are the published list entries themselves. Skips when the
 * shared data folder is absent.
 */
const DATA = '/work/shared/data/sanctions';
const CA = path.join(DATA, 'ca-sema-2026-08-22.ftm.jsonl.gz');
const OFAC = path.join(DATA, 'us-ofac-sdn-2024-05-03.csv');
const available = fs.existsSync(CA) && fs.existsSync(OFAC);

interface Line {
  input: Record<string, string>;
  candidates: { id: string; name: string; score: number; datasets: string[]; explanation: string[] }[];
}

describe.skipIf(!available)('supolka screen (real lists)', () => {
  let dir: string;
  let lines: Line[];
  let stderr: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'supolka-screen-'));
    const input = path.join(dir, 'names.csv');
    // Row 1: the Belarusian Cyrillic form of a name both lists give only in Latin. Row 2: the same in the
    // Russian Latin spelling, surname first. Row 3: an invented name. Row 4: a quoted field with a comma.
    fs.writeFileSync(
      input,
      [
        'ref,name,birthDate,country',
        'r1,Аляксандр Рыгоравіч Лукашэнка,1954-08-30,BY',
        'r2,"LUKASHENKO, Aleksandr",,',
        'r3,Zorvanek Plimmutsky,,',
        'r4,"Quuxmoor Trading, Ltd",,',
        '',
      ].join('\n'),
    );
    const output = path.join(dir, 'out.jsonl');
    const res = await runCli(
      {},
      ['screen', '--against', CA, OFAC, '--input', input, '--top', '5', '--output', output],
      {
        timeoutMs: 120_000,
      },
    );
    expect(res.code, res.stderr).toBe(0);
    stderr = res.stderr;
    lines = fs
      .readFileSync(output, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
  }, 150_000);
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes one line per input row, echoing the row', () => {
    expect(lines.map((l) => l.input.ref)).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(lines[3]!.input.name).toBe('Quuxmoor Trading, Ltd');
    for (const l of lines)
      for (const c of l.candidates)
        expect(Object.keys(c).sort()).toEqual(['datasets', 'explanation', 'id', 'name', 'score']);
  });

  it('finds a listed person from a spelling in another script, in both lists, ahead of relatives', () => {
    const c = lines[0]!.candidates;
    expect(c[0]!.score).toBeGreaterThanOrEqual(0.9);
    const ids = c.filter((x) => x.score >= 0.7).map((x) => x.id);
    expect(ids).toContain('ca_dfatd_sema_sanctions:ca-sema-belarus-1-part-1-8');
    expect(ids).toContain('us_ofac_sdn:9760');
    // Listed relatives share the surname but not the given name: below the match threshold.
    for (const other of c.filter((x) => !ids.includes(x.id))) expect(other.score).toBeLessThan(0.7);
    expect(c[0]!.explanation.join('\n')).toMatch(/birth dates agree/);
    expect(c[0]!.datasets.length).toBe(1);
  });

  it('finds the same person from the surname-first Russian spelling', () => {
    const ids = lines[1]!.candidates.filter((x) => x.score >= 0.7).map((x) => x.id);
    expect(ids).toContain('ca_dfatd_sema_sanctions:ca-sema-belarus-1-part-1-8');
    expect(ids).toContain('us_ofac_sdn:9760');
  });

  it('finds nothing for an invented name', () => {
    expect(lines[2]!.candidates.filter((c) => c.score >= 0.7)).toEqual([]);
  });

  it('reports counts on stderr without names', () => {
    expect(stderr).toMatch(/screened 4 rows/);
    expect(stderr).not.toMatch(/Лукаш|Lukash/i);
  });

  it('screens a large input on worker threads with the same answers as in-process', async () => {
    // 600 rows (the four above, repeated): over the worker threshold, so the rows go to a pool that
    // loads the index from its binary form. Each row must come back exactly as screened in-process.
    const rows = [
      'r1,Аляксандр Рыгоравіч Лукашэнка,1954-08-30,BY',
      'r2,"LUKASHENKO, Aleksandr",,',
      'r3,Zorvanek Plimmutsky,,',
      'r4,"Quuxmoor Trading, Ltd",,',
    ];
    const big = path.join(dir, 'big.csv');
    fs.writeFileSync(
      big,
      ['ref,name,birthDate,country', ...Array.from({ length: 600 }, (_, i) => rows[i % 4]!), ''].join('\n'),
    );
    const output = path.join(dir, 'big.jsonl');
    const res = await runCli(
      {},
      ['screen', '--against', CA, OFAC, '--input', big, '--top', '5', '--output', output, '--threads', '2'],
      { timeoutMs: 180_000 },
    );
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/screened on 2 worker threads/);
    expect(res.stderr).toMatch(/screened 600 rows/);
    const got = fs
      .readFileSync(output, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
    expect(got).toHaveLength(600);
    got.forEach((l, i) => expect(l).toEqual(lines[i % 4]));
  }, 200_000);

  it('fails with a line number when the name column is missing', async () => {
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'fullname\nSomeone\n');
    const res = await runCli(
      {},
      ['screen', '--against', CA, '--input', bad, '--output', path.join(dir, 'x.jsonl')],
      {
        timeoutMs: 120_000,
      },
    );
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/line 1: missing column name/);
  }, 150_000);
});
