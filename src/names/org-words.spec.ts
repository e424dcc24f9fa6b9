import { describe, expect, it } from 'vitest';
import { compareNames } from './index';
import { parseOrg } from './org';
import { acronymMatch } from './org-words';

const org = (a: string, b: string) => compareNames(a, b, { schema: 'Organization' });

describe('organisations: acronyms', () => {
  it('reads an acronym as the initials of consecutive words, legal-form words included', () => {
    expect(org('JSC ITC', 'JSC Independent Transport Company').match).toBe(true);
    expect(org('AO TsSD', 'АО Центр Судоремонта Дальзавод').match).toBe(true);
    expect(org('МЗКЦ', 'Минский завод колёсных тягачей').match).toBe(true);
  });

  it('matches two acronyms letter by letter across scripts (Belarusian ц = Russian т)', () => {
    expect(org('MZKT', 'МЗКЦ').match).toBe(true);
    expect(org('ОАО «МЗКТ»', 'OJSC MZKT').match).toBe(true);
  });

  it('an acronym alone does not make two different names match', () => {
    expect(org('JSC MZKT Steel', 'Минский завод колёсных тягачей Textile').match).toBe(false);
    expect(org('ITC', 'Independent Transport Company Gomel').match).toBe(false);
    expect(org('MZKT', 'МЗКС').match).toBe(false);
  });
});

describe('organisations: one word written as two', () => {
  it('joins two words of one name against one word of the other', () => {
    expect(org('Crocus Nano Electronics', 'КРОКУС НАНОЭЛЕКТРОНИКА').match).toBe(true);
  });

  it('keeps near-named different companies apart', () => {
    expect(
      org('АО “Арзамасский машиностроительный завод”', 'Московский машиностроительный завод «Вперёд»').match,
    ).toBe(false);
    expect(org('JSC KAZAN OPTICAL AND MECHANICAL PLANT', 'JSC KAZAN HELICOPTER PLANT').match).toBe(false);
    expect(org('Crocus Nano Electronics', 'КРОКУС МИКРОЭЛЕКТРОНИКА').match).toBe(false);
  });
});

describe('organisations: generic words', () => {
  it('does not let shared generic words make two different plants one', () => {
    expect(org('Tula Machine Building Plant', 'Izhevsk Machine Building Plant').match).toBe(false);
    expect(org('Тульский машиностроительный завод', 'Ижевский машиностроительный завод').match).toBe(false);
  });

  it('still counts a generic word the other name lacks against the pair', () => {
    const sameKind = org('Hapjanggang Trading Corporation', 'Hapjanggang Trading Corp').score;
    const otherKind = org('Hapjanggang Shipping Corp', 'Hapjanggang Trading Corporation').score;
    expect(sameKind).toBeGreaterThan(otherKind);
  });
});

describe('organisations: acronym initials made once per parsed name', () => {
  it('keeps the first letters of every word on the parsed name, legal-form words included', () => {
    // "Company" (c/k) is still there: it can be the C of ITC.
    expect(parseOrg('JSC Independent Transport Company').initials).toEqual([['i'], ['i'], ['t'], ['c', 'k']]);
    expect(parseOrg('Минский завод колёсных тягачей').initials).toEqual([['m'], ['s'], ['k'], ['t']]);
  });

  it('reads acronyms against those initials with the leftover words unchanged', () => {
    const m = (a: string, b: string) => acronymMatch(parseOrg(a), parseOrg(b));
    expect(m('JSC ITC', 'JSC Independent Transport Company')).toEqual({ xRest: [], yRest: [] });
    expect(m('MZKT', 'МЗКЦ')).toEqual({ xRest: [], yRest: [] });
    expect(m('ITC', 'Independent Transport Company Gomel')).toEqual({ xRest: [], yRest: [['gamel']] });
    expect(m('JSC MZKT Steel', 'Минский завод колёсных тягачей Textile')).toEqual({
      xRest: [['stel', 'stil']],
      yRest: [['tekstile']],
    });
    expect(m('MZKT', 'МЗКС')).toBeUndefined();
    expect(m('JSC Independent Transport Company', 'JSC ITC')).toBeUndefined();
  });

  it('gives the acronym pairs the scores they had when the initials were rebuilt per comparison', () => {
    const cases: [string, string, number][] = [
      ['JSC ITC', 'JSC Independent Transport Company', 0.9],
      ['AO TsSD', 'АО Центр Судоремонта Дальзавод', 0.9],
      ['МЗКЦ', 'Минский завод колёсных тягачей', 0.9],
      ['MZKT', 'МЗКЦ', 0.9],
      ['ОАО «МЗКТ»', 'OJSC MZKT', 0.98],
      ['JSC MZKT Steel', 'Минский завод колёсных тягачей Textile', 0],
      ['ITC', 'Independent Transport Company Gomel', 0],
      ['MZKT', 'МЗКС', 0.427],
    ];
    for (const [a, b, score] of cases) {
      expect(org(a, b).score, `${a} ~ ${b}`).toBe(score);
      expect(org(b, a).score, `${b} ~ ${a}`).toBe(score);
    }
  });
});
