import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesSource, streamSource } from './input';
import { parseOfacDates } from './ofac-remarks';
import { parseSanctionsFile, type ParseOptions } from './sanctions.parser';
import type { ParsedList, SanctionsInput, SanctionTarget } from './sanctions.types';

/** Format details the real files do not exercise: OFAC companions, FtM ordering, programme fallbacks. */

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'supolka-sanctions-fmt-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});
const write = (name: string, data: string | Uint8Array): string => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, data);
  return p;
};

async function drain(
  input: SanctionsInput,
  options?: ParseOptions,
): Promise<{ list: ParsedList; targets: SanctionTarget[] }> {
  const list = await parseSanctionsFile(input, options);
  const targets: SanctionTarget[] = [];
  for await (const t of list.targets) targets.push(t);
  return { list, targets };
}

describe('OFAC', () => {
  const sdn =
    '9760,"LUKASHENKA, Alyaksandr Ryhorovich","individual","BELARUS",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 30 Aug 1954; POB Kopys, Vitebsk oblast, Belarus; nationality Belarus; Passport MP1234567 (Belarus) expires 01 Jan 2030; Gender Male."\r\n' +
    '15000,"SHIP ONE",vessel,"RUSSIA-EO14024] [NEW-TAG",-0- ,"UBCD7","Oil Tanker",-0- ,-0- ,"Russia",-0- ,"Vessel Registration Identification IMO 9187629; MMSI 273111111."\r\n\u001a';
  const alt =
    '9760,1,"aka","LUKASHENKO, Alexander Grigoryevich",-0- \r\n9760,2,"aka","BATKA","weak"\r\n99,3,"aka","ORPHAN",-0- \r\n';
  const add = '15000,7,"Ul. Lenina 1","Minsk","Belarus",-0- \r\n';

  it('joins alt.csv aliases and add.csv addresses by ent_num, whatever their order', async () => {
    const { list, targets } = await drain(write('sdn.csv', sdn), {
      ofac: { alt: write('alt.csv', alt), add: write('add.csv', add) },
    });
    const [luk, ship] = targets;
    expect(luk?.names).toEqual([
      { value: 'LUKASHENKA, Alyaksandr Ryhorovich', kind: 'primary' },
      { value: 'LUKASHENKO, Alexander Grigoryevich', kind: 'alias' },
      { value: 'BATKA', kind: 'weak' },
    ]);
    expect(luk?.birthDates).toEqual(['1954-08-30']);
    expect(luk?.identifiers).toEqual([{ type: 'passport', value: 'MP1234567', country: 'BY' }]);
    expect(ship?.schema).toBe('Vessel');
    expect(ship?.addresses).toEqual([{ text: 'Ul. Lenina 1, Minsk, Belarus', country: 'BY' }]);
    expect(ship?.identifiers).toEqual([
      { type: 'callSign', value: 'UBCD7' },
      { type: 'imo', value: '9187629' },
      { type: 'mmsi', value: '273111111' },
    ]);
    expect(ship?.countries).toEqual(['RU', 'BY']);
    // An unknown tag maps to "other" and is reported.
    expect(ship?.programmes.map((p) => [p.code, p.regime])).toEqual([
      ['RUSSIA-EO14024', 'Russia'],
      ['NEW-TAG', 'other'],
    ]);
    expect(list.summary.unknownProgrammes).toEqual({ 'US:NEW-TAG': 1 });
  });

  it('checks companion files too (column count, named file)', async () => {
    const err = await drain(write('sdn2.csv', sdn), {
      ofac: { alt: write('alt-bad.csv', '9760,1,"aka"\r\n') },
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'csv-column-count', file: 'alt-bad.csv', line: 1 });
  });

  it('reads the DOB forms OFAC uses', () => {
    expect(parseOfacDates('10 Dec 1948')).toEqual(['1948-12-10']);
    expect(parseOfacDates('Dec 1948')).toEqual(['1948-12']);
    expect(parseOfacDates('circa 1958')).toEqual(['1958']);
    expect(parseOfacDates('1961 to 1963')).toEqual(['1961', '1962', '1963']);
    expect(parseOfacDates('circa 1958-1960')).toEqual(['1958', '1959', '1960']);
    expect(parseOfacDates('01 Jan 1950 to 31 Dec 1950')).toEqual(['1950-01-01', '1950-12-31']);
    expect(parseOfacDates('sometime')).toEqual([]);
  });
});

describe('FollowTheMoney', () => {
  const line = (o: object) => JSON.stringify(o);
  const person = (id: string, extra: Record<string, string[]> = {}, target = true) =>
    line({
      id,
      schema: 'Person',
      properties: { name: [`Name ${id}`], ...extra },
      datasets: ['gb_fcdo_sanctions'],
      target,
    });
  const sanction = (id: string, entity: string, program: string, programId?: string) =>
    line({
      id,
      schema: 'Sanction',
      properties: {
        entity: [entity],
        country: ['gb'],
        program: [program],
        ...(programId ? { programId: [programId] } : {}),
        listingDate: ['2021-02-18'],
      },
      datasets: ['gb_fcdo_sanctions'],
      target: false,
    });
  const BEL = 'The Republic of Belarus (Sanctions) (EU Exit) Regulations 2019';
  const RUS = 'The Russia (Sanctions) (EU Exit) Regulations 2019';
  const file = [
    sanction('s-1', 'p-1', BEL), // before its target
    person('p-1', {
      nationality: ['by'],
      birthDate: ['1970-01-02'],
      passportNumber: ['KH123'],
      address: ['1 Main St, Minsk, Belarus'],
      gender: ['male'],
    }),
    person('p-2'),
    sanction('s-2', 'p-2', RUS, 'RUS'),
    sanction('s-3', 'p-2', BEL), // two regimes on one target
    person('p-3', {}, false), // a relative: not designated
    line({ id: 'a-1', schema: 'Address', properties: { full: ['x'] }, datasets: [] }),
    line({
      id: 'i-1',
      schema: 'Passport',
      properties: { holder: ['p-2'], number: ['AB999'], country: ['ru'] },
      datasets: [],
    }),
    sanction('s-4', 'gone', BEL), // target missing
  ].join('\n');

  const check = ({ list, targets }: { list: ParsedList; targets: SanctionTarget[] }) => {
    expect(targets.map((t) => t.sourceId)).toEqual(['p-1', 'p-2']);
    const [p1, p2] = targets;
    expect(p1?.programmes).toEqual([
      {
        code: 'BEL',
        jurisdiction: 'UK',
        regime: 'Belarus',
        legalBasis: `${BEL} (SI 2019/600)`,
        listedOn: '2021-02-18',
      },
    ]);
    expect(p1).toMatchObject({ nationalities: ['BY'], birthDates: ['1970-01-02'], gender: 'male' });
    expect(p1?.identifiers).toEqual([{ type: 'passport', value: 'KH123' }]);
    expect(p1?.addresses).toEqual([{ text: '1 Main St, Minsk, Belarus', country: 'BY' }]);
    expect(p2?.programmes.map((p) => p.regime)).toEqual(['Russia', 'Belarus']);
    expect(p2?.identifiers).toEqual([{ type: 'passport', value: 'AB999', country: 'RU' }]);
    expect(list.summary.skipped).toEqual({
      'non-target-entity': 1,
      'schema:Address': 1,
      'sanction-without-target': 1,
    });
  };

  it('joins Sanction entities that come before or after their target (file: two passes)', async () => {
    check(await drain(write('order.jsonl.gz', gzipSync(file))));
  });

  it('gives the same result from a one-shot stream (single pass, buffered)', async () => {
    check(await drain(streamSource('order.jsonl', bytesSource('x', Buffer.from(file)).open())));
  });
});
