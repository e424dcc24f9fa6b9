import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { personBlockingKeys } from './blocking';
import { INDEX_FORMAT_VERSION, IndexFileError, NameIndex, parseName } from './index';
import { loadIndex, saveIndex } from './index-file';
import { screenBatch, ScreenPool } from './screen-batch';

/** Fictional people; the list-style spellings only exercise the matcher. */
function sample(): NameIndex {
  const idx = new NameIndex();
  idx.add('p1', ['Аляксандр Рыгоравіч Лукашэнка', 'Alexander Lukashenko'], { birthDate: '1954-08-30' });
  idx.add('p2', ['Sviatlana Tsikhanouskaya']);
  idx.add('p3', ['Siarhei Tsikhanouski']);
  idx.add('p4', ['Tatsiana Tsikhanava'], { countries: ['BY'] });
  idx.add('o1', ['ОАО «Беларуськалий»', 'Belaruskali OAO'], { schema: 'Organization' });
  return idx;
}
const QUERIES = [
  'Лукашенко Александр Григорьевич',
  'Светлана Тихановская',
  'TSIKHANOUSKI, Sergei',
  'Tatiana Tikhanova',
  'Belaruskali',
];

describe('NameIndex binary form', () => {
  it('loads back to the same answers, explanations included, without re-parsing names', () => {
    const idx = sample();
    const copy = NameIndex.deserialize(idx.serialize());
    expect(copy.size).toBe(idx.size);
    expect(copy.nameCount).toBe(idx.nameCount);
    expect(copy.keyCount).toBe(idx.keyCount);
    for (const q of QUERIES) expect(copy.search(q, { top: 5 })).toEqual(idx.search(q, { top: 5 }));
    expect(copy.search('Belaruskali', { schema: 'Organization' })[0]?.id).toBe('o1');
    expect(
      copy.search('Лукашенко Александр', { meta: { birthDate: '1954-08-30' } })[0]?.explanation.join('\n'),
    ).toMatch(/birth/);
  });

  it('accepts new entries after loading', () => {
    const copy = NameIndex.deserialize(sample().serialize());
    copy.add('p5', ['Maria Kalesnikava']);
    expect(copy.search('Мария Колесникова')[0]?.id).toBe('p5');
    expect(copy.search('Светлана Тихановская')[0]?.id).toBe('p2');
  });

  it('can live in a SharedArrayBuffer (what the workers get)', () => {
    const buf = sample().serialize(true);
    expect(buf.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(NameIndex.deserialize(buf).search('Светлана Тихановская')[0]?.id).toBe('p2');
  });

  it('refuses a foreign, truncated, corrupt or other-version buffer with a clear error', () => {
    const buf = sample().serialize();
    const bad = (b: Uint8Array) => () => NameIndex.deserialize(b);
    expect(bad(new TextEncoder().encode('{"version":1,"entries":[]}'))).toThrow(IndexFileError);
    expect(bad(new TextEncoder().encode('{"version":1,"entries":[]}'))).toThrow(/bad magic/);
    expect(bad(buf.slice(0, buf.length - 8))).toThrow(/truncated/);
    const flipped = buf.slice();
    flipped[flipped.length - 20] = flipped[flipped.length - 20]! ^ 0xff;
    expect(bad(flipped)).toThrow(/checksum/);
    const old = buf.slice();
    new DataView(old.buffer).setUint32(8, INDEX_FORMAT_VERSION - 1, true);
    expect(bad(old)).toThrow(`version ${INDEX_FORMAT_VERSION - 1} is not supported`);
  });

  it('saves to and loads from disk, naming the file in errors', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'supolka-names-'));
    try {
      const file = path.join(dir, 'index.bin');
      const bytes = await saveIndex(sample(), file);
      expect(fs.statSync(file).size).toBe(bytes);
      expect((await loadIndex(file)).search('Sviatlana Tsikhanouskaya')[0]?.id).toBe('p2');
      const junk = path.join(dir, 'junk.bin');
      fs.writeFileSync(junk, 'not an index at all');
      await expect(loadIndex(junk)).rejects.toThrow(`${junk}: not a Supolka name index file`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('NameIndex ranking', () => {
  it('breaks equal scores by shared blocking evidence, not by id', () => {
    // Every row conflicts with the query's given name, so all score alike; only the one whose
    // given name shares the query's initial carries more blocking evidence. Its id sorts last.
    const idx = new NameIndex();
    for (let i = 0; i < 60; i++) idx.add(`a${String(i).padStart(2, '0')}`, ['Иван Свиридов']);
    idx.add('z', ['Пётр Свиридов']);
    const r = idx.search('Pavel Sviridov', { top: 10 });
    expect(r.find((c) => c.id === 'z')?.score).toBe(r[r.length - 1]?.score);
    expect(r[0]?.id).toBe('z');
  });
});

describe('ScreenPool', () => {
  it('screens over worker threads from the binary form, per-query schema and evidence kept', async () => {
    const idx = sample();
    const pool = ScreenPool.open(idx, 2);
    try {
      const r = await pool.run(
        [
          'Лукашэнка Аляксандр',
          { name: 'Belaruskali', schema: 'Organization' },
          { name: 'Лукашенко Александр', meta: { birthDate: '1954-08-30' } },
          'Светлана Тихановская',
          'Tatiana Tikhanova',
        ],
        { top: 2 },
      );
      expect(r.map((c) => c[0]?.id)).toEqual(['p1', 'o1', 'p1', 'p2', 'p4']);
      expect(r[2]![0]!.explanation.join('\n')).toMatch(/birth/);
      expect(r.every((c) => c.length <= 2)).toBe(true);
      // A second batch on the same (already loaded) workers.
      expect((await pool.run(['Sviatlana Tsikhanouskaya'], { top: 1 }))[0]![0]?.id).toBe('p2');
    } finally {
      await pool.close();
    }
  });

  it('screenBatch accepts the encoded bytes and reports a corrupt index', async () => {
    const buf = sample().serialize();
    expect((await screenBatch(buf, ['Светлана Тихановская'], { threads: 1, top: 1 }))[0]![0]?.id).toBe('p2');
    const bad = buf.slice();
    bad[bad.length - 20] = bad[bad.length - 20]! ^ 0xff;
    await expect(screenBatch(bad, ['x'], { threads: 1 })).rejects.toThrow(/checksum/);
  });
});

describe('query blocking keys', () => {
  it("group each part's keys by kind and mark the part they come from", () => {
    const keys = personBlockingKeys(parseName('Ina Pawlitschenko').tokens);
    const of = (prefix: string, part: number) =>
      keys.filter(([k, , , p]) => k.startsWith(prefix) && p === part).map(([, , g]) => g);
    // Part 1 (Ina) and part 2 (the surname): one group per kind, distinct between parts and kinds.
    for (const prefix of ['k:', 's:', 'd:', 't:']) expect(new Set(of(prefix, 2)).size).toBe(1);
    const groups = ['k:', 's:', 'd:', 't:'].map((p) => of(p, 2)[0]);
    expect(new Set(groups).size).toBe(4);
    expect(of('k:', 1)[0]).not.toBe(of('k:', 2)[0]);
    expect(of('d:', 2).length).toBeGreaterThan(5);
    // Pair keys belong to no part and no group: each counts in full.
    for (const [k, , g, p] of keys) if (/^[IP]:/.test(k)) expect([g ?? 0, p ?? 0]).toEqual([0, 0]);
  });

  it('take the deletion neighbours of every reading of an ambiguous Latin surname', () => {
    const tokens = parseName('Ina Pawlitschenko').tokens;
    const surname = tokens.find((t) => t.role === 'surname')!;
    expect(surname.keys.length).toBeGreaterThan(1);
    const d = new Set(
      personBlockingKeys(tokens)
        .map(([k]) => k)
        .filter((k) => k.startsWith('d:')),
    );
    // The index holds neighbours of the first reading only; the query must reach the others'.
    for (const key of surname.keys) expect(d.has(`d:${key}`)).toBe(true);
    for (const key of surname.keys.slice(1)) expect(d.has(`d:${key.slice(1)}`)).toBe(true);
  });
});
