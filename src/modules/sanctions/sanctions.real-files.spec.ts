import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSanctionsFile } from './sanctions.parser';
import type { ParsedList, SanctionTarget } from './sanctions.types';

/**
 * Parses every real list in data/sanctions and checks the totals and per-regime counts published
 * in its README (which were produced by an independent Python reader).
 */

const DIR = '/work/shared/data/sanctions';

interface Parsed {
  list: ParsedList;
  targets: SanctionTarget[];
}

async function parseAll(file: string): Promise<Parsed> {
  const list = await parseSanctionsFile(path.join(DIR, file));
  const targets: SanctionTarget[] = [];
  for await (const t of list.targets) targets.push(t);
  return { list, targets };
}

type Group = 'Belarus' | 'Russia' | 'both' | 'other';
const groupOf = (t: SanctionTarget): Group => {
  const r = new Set(t.programmes.map((p) => p.regime));
  if (r.has('Belarus') && r.has('Russia')) return 'both';
  if (r.has('Belarus')) return 'Belarus';
  if (r.has('Russia')) return 'Russia';
  return 'other';
};

/** Counts per group (Belarus / Russia include the targets in both, as in the README). */
function regimeCounts(targets: SanctionTarget[]) {
  const g = targets.map(groupOf);
  const n = (x: Group) => g.filter((y) => y === x).length;
  return {
    Belarus: n('Belarus') + n('both'),
    Russia: n('Russia') + n('both'),
    both: n('both'),
    other: n('other'),
  };
}

function schemaCounts(targets: SanctionTarget[], group?: 'Belarus' | 'Russia'): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of targets) {
    const g = groupOf(t);
    if (group && g !== group && g !== 'both') continue;
    out[t.schema] = (out[t.schema] ?? 0) + 1;
  }
  return out;
}

const byId = (p: Parsed, id: string): SanctionTarget => {
  const t = p.targets.find((x) => x.sourceId === id);
  if (!t) throw new Error(`no target ${id}`);
  return t;
};

describe('EU FSF (eu-fsf-2026-05-01.xml.gz)', () => {
  let eu: Parsed;
  beforeAll(async () => {
    eu = await parseAll('eu-fsf-2026-05-01.xml.gz');
  });

  it('has the README totals and regime counts', () => {
    expect(eu.list.format).toBe('eu-fsf-xml');
    expect(eu.list.snapshotDate).toBe('2026-05-01');
    expect(eu.targets).toHaveLength(5860);
    expect(eu.list.summary.targets).toBe(5860);
    expect(eu.list.summary.unknownProgrammes).toEqual({});
    expect(regimeCounts(eu.targets)).toEqual({ Belarus: 369, Russia: 2735, both: 0, other: 2756 });
    expect(schemaCounts(eu.targets)).toEqual({ Person: 4341, Organization: 1519 });
    expect(schemaCounts(eu.targets, 'Belarus')).toEqual({ Person: 312, Organization: 57 });
    expect(schemaCounts(eu.targets, 'Russia')).toEqual({ Person: 2040, Organization: 695 });
    const russia = eu.targets.filter((t) => groupOf(t) === 'Russia');
    const perCode = (c: string) => russia.filter((t) => t.programmes.some((p) => p.code === c)).length;
    expect([perCode('UKR'), perCode('RUS'), perCode('RUSDA')]).toEqual([2596, 63, 76]);
    expect(new Set(eu.targets.map((t) => t.sourceId)).size).toBe(5860);
  });

  it('keeps every name language: 29,826 aliases, Belarusian and Russian forms included', () => {
    const langs: Record<string, number> = {};
    for (const t of eu.targets)
      for (const n of t.names) langs[n.lang ?? '-'] = (langs[n.lang ?? '-'] ?? 0) + 1;
    // Duplicates within an entity (same text twice) are folded, so a little under the raw 29,826.
    const total = Object.values(langs).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(29_000);
    expect(total).toBeLessThanOrEqual(29_826);
    expect(langs.ru).toBeGreaterThan(2900);
    expect(langs.be).toBeGreaterThan(380);
    expect(eu.targets.every((t) => t.names.filter((n) => n.kind === 'primary').length === 1)).toBe(true);
  });

  it('ROGASHCHUK is listed twice: EU.12907.84 under BLR and EU.7504.43 under UKR', () => {
    const blr = byId(eu, 'EU.12907.84');
    const ukr = byId(eu, 'EU.7504.43');
    expect(blr.programmes).toEqual([
      {
        code: 'BLR',
        jurisdiction: 'EU',
        regime: 'Belarus',
        legalBasis: 'Council Regulation (EC) No 765/2006',
      },
    ]);
    expect(ukr.programmes.map((p) => [p.code, p.regime, p.legalBasis])).toEqual([
      ['UKR', 'Russia', 'Council Regulation (EU) No 269/2014'],
    ]);
    expect(blr.schema).toBe('Person');
    expect(blr.gender).toBe('male');
    expect(blr.birthDates).toEqual(['1979-04-22']);
    expect(blr.names).toContainEqual({
      value: 'Мікалай Міхайлавіч РАГАШЧУК',
      lang: 'be',
      kind: 'transliteration',
    });
    expect(blr.names).toContainEqual({
      value: 'Николай Михайлович РОГАЩУК',
      lang: 'ru',
      kind: 'transliteration',
    });
    expect(blr.names[0]).toEqual({ value: 'Nikolai Mikhailovich ROGASHCHUK', lang: 'en', kind: 'primary' });
    expect(blr.identifiers).toContainEqual({ type: 'passport', value: 'MP4274241', country: 'BY' });
    expect(ukr.names.map((n) => n.value)).toContain('Николай Михайлович РОГАЩУК');
    expect(ukr.remarks).toMatch(/inspector for the Gomel\s+region/);
  });

  it('INTEGRAL is in both groups as two records, and Belarus links exist inside the Russia group', () => {
    expect(byId(eu, 'EU.12933.92').programmes[0]?.code).toBe('BLR');
    expect(byId(eu, 'EU.12740.46').programmes[0]?.code).toBe('UKR');
    const linked = eu.targets.filter(
      (t) => groupOf(t) === 'Russia' && (t.nationalities.includes('BY') || t.countries.includes('BY')),
    );
    expect(linked).toHaveLength(79);
  });
});

describe('OFAC SDN (us-ofac-sdn-2024-05-03.csv)', () => {
  let us: Parsed;
  beforeAll(async () => {
    us = await parseAll('us-ofac-sdn-2024-05-03.csv');
  });

  it('has the README totals and regime counts', () => {
    expect(us.list.format).toBe('ofac-sdn-csv');
    expect(us.targets).toHaveLength(14965);
    expect(us.list.summary.unknownProgrammes).toEqual({});
    expect(regimeCounts(us.targets)).toEqual({ Belarus: 232, Russia: 4882, both: 1, other: 9852 });
    expect(schemaCounts(us.targets)).toEqual({
      Person: 6854,
      Organization: 6884,
      Vessel: 851,
      Airplane: 376,
    });
    expect(schemaCounts(us.targets, 'Belarus')).toEqual({ Person: 128, Organization: 99, Airplane: 5 });
    expect(schemaCounts(us.targets, 'Russia')).toEqual({
      Person: 1762,
      Organization: 2792,
      Vessel: 233,
      Airplane: 95,
    });
    const tag = (c: string) => us.targets.filter((t) => t.programmes.some((p) => p.code === c)).length;
    expect([tag('BELARUS'), tag('BELARUS-EO14038'), tag('RUSSIA-EO14024'), tag('CAATSA - RUSSIA')]).toEqual([
      73, 160, 4439, 54,
    ]);
    expect(groupOf(byId(us, '44805'))).toBe('other');
  });

  it('ent_num 34992 carries both programmes and its remarks are read', () => {
    const t = byId(us, '34992');
    expect(t.names[0]).toEqual({ value: 'JSC 558 AIRCRAFT REPAIR PLANT', kind: 'primary' });
    expect(t.programmes.map((p) => [p.code, p.regime])).toEqual([
      ['RUSSIA-EO14024', 'Russia'],
      ['BELARUS-EO14038', 'Belarus'],
    ]);
    expect(t.names.map((n) => n.value)).toEqual([
      'JSC 558 AIRCRAFT REPAIR PLANT',
      'JSC 558 ARP',
      '558 ARZ OAO',
    ]);
    expect(t.identifiers).toEqual([{ type: 'registrationNumber', value: '200166539', country: 'BY' }]);
  });

  it('reads DOB, nationality and gender from remarks (LUKASHENKA, ent_num 9760)', () => {
    const t = byId(us, '9760');
    expect(t.schema).toBe('Person');
    expect(t.birthDates).toEqual(['1954-08-30', '1954-08-31']);
    expect(t.nationalities).toEqual(['BY']);
    expect(t.countries).toEqual(['BY']);
    expect(t.gender).toBe('male');
  });
});

describe('UK (gb-sanctions-2026-08-22.ftm.jsonl.gz)', () => {
  let gb: Parsed;
  beforeAll(async () => {
    gb = await parseAll('gb-sanctions-2026-08-22.ftm.jsonl.gz');
  });

  it('has the README totals and regime counts', () => {
    expect(gb.list.format).toBe('ftm-jsonl');
    expect(gb.list.dataset).toBe('gb_fcdo_sanctions');
    expect(gb.targets).toHaveLength(6349);
    expect(gb.list.summary.unknownProgrammes).toEqual({});
    expect(gb.list.summary.skipped).toEqual({});
    expect(regimeCounts(gb.targets)).toEqual({ Belarus: 167, Russia: 3474, both: 0, other: 2708 });
    expect(schemaCounts(gb.targets)).toEqual({ Person: 4036, Organization: 1647, Vessel: 666 });
    expect(schemaCounts(gb.targets, 'Belarus')).toEqual({ Person: 135, Organization: 32 });
    expect(schemaCounts(gb.targets, 'Russia')).toEqual({ Person: 1931, Organization: 915, Vessel: 628 });
    const inBelarus = (t: SanctionTarget) => t.addresses.some((a) => a.country === 'BY');
    expect(gb.targets.filter(inBelarus)).toHaveLength(69);
    expect(gb.targets.filter((t) => groupOf(t) === 'Russia' && inBelarus(t))).toHaveLength(11);
    expect(gb.targets.filter((t) => t.identifiers.some((i) => i.type === 'imo'))).toHaveLength(628);
  });

  it('joins the Sanction entity: programme, legal basis, listing date', () => {
    const t = byId(gb, 'gb-fcdo-bel0079');
    expect(t.programmes).toEqual([
      {
        code: 'BEL',
        jurisdiction: 'UK',
        regime: 'Belarus',
        legalBasis: 'The Republic of Belarus (Sanctions) (EU Exit) Regulations 2019 (SI 2019/600)',
        listedOn: '2021-02-18',
      },
    ]);
    expect(t.names.map((n) => n.value)).toContain('Уладзiмiр Сцяпанавiч КАРАНIК');
  });
});

describe('Canada (ca-sema-2026-08-22.ftm.jsonl.gz)', () => {
  let ca: Parsed;
  beforeAll(async () => {
    ca = await parseAll('ca-sema-2026-08-22.ftm.jsonl.gz');
  });

  it('has the README totals and regime counts', () => {
    expect(ca.list.dataset).toBe('ca_dfatd_sema_sanctions');
    expect(ca.targets).toHaveLength(5690);
    expect(ca.list.summary.unknownProgrammes).toEqual({});
    expect(regimeCounts(ca.targets)).toEqual({ Belarus: 320, Russia: 3325, both: 0, other: 2045 });
    expect(schemaCounts(ca.targets)).toEqual({ Person: 3514, LegalEntity: 1445, Vessel: 731 });
    expect(schemaCounts(ca.targets, 'Belarus')).toEqual({ Person: 231, LegalEntity: 89 });
    expect(schemaCounts(ca.targets, 'Russia')).toEqual({ Person: 1717, LegalEntity: 877, Vessel: 731 });
    expect(ca.targets.filter((t) => t.programmes.some((p) => p.code === 'UKRAINE'))).toHaveLength(553);
  });

  it('reads a Belarus record with its birth year and listing date', () => {
    const t = byId(ca, 'ca-sema-belarus-1-part-1-2');
    expect(t.names).toEqual([{ value: 'Dmitry Vladimirovich Balaba', kind: 'primary' }]);
    expect(t.birthDates).toEqual(['1972']);
    expect(t.programmes[0]).toMatchObject({
      code: 'BELARUS',
      jurisdiction: 'CA',
      regime: 'Belarus',
      listedOn: '2020-09-28',
    });
  });
});
