/**
 * Organisation names: legal forms in Belarusian, Russian and English are recognised and set
 * aside (ААТ = ОАО = OJSC), quotes dropped, the rest compared token by token on the
 * cross-language key, and also as one run of letters (Беларуськалий ~ Belaruskali ~ Belarus Kali).
 */
import { levSim } from './distance';
import { sharpen } from './align';
import { tokenKeys } from './key';
import { detectScript, habitOf } from './script';

/** Legal form → canonical code. Multi-word forms are matched before single words. */
const LEGAL_FORMS: [string, string][] = [
  ['адкрытае акцыянернае таварыства', 'ojsc'],
  ['открытое акционерное общество', 'ojsc'],
  ['open joint stock company', 'ojsc'],
  ['open joint-stock company', 'ojsc'],
  ['закрытае акцыянернае таварыства', 'cjsc'],
  ['закрытое акционерное общество', 'cjsc'],
  ['closed joint stock company', 'cjsc'],
  ['closed joint-stock company', 'cjsc'],
  ['публичное акционерное общество', 'pjsc'],
  ['public joint stock company', 'pjsc'],
  ['public joint-stock company', 'pjsc'],
  ['акцыянернае таварыства', 'jsc'],
  ['акционерное общество', 'jsc'],
  ['joint stock company', 'jsc'],
  ['joint-stock company', 'jsc'],
  ['таварыства з абмежаванай адказнасцю', 'llc'],
  ['общество с ограниченной ответственностью', 'llc'],
  ['limited liability company', 'llc'],
  ['рэспубліканскае унітарнае прадпрыемства', 'rue'],
  ['республиканское унитарное предприятие', 'rue'],
  ['republican unitary enterprise', 'rue'],
  ['прыватнае унітарнае прадпрыемства', 'pue'],
  ['частное унитарное предприятие', 'pue'],
  ['private unitary enterprise', 'pue'],
  ['унітарнае прадпрыемства', 'ue'],
  ['унитарное предприятие', 'ue'],
  ['unitary enterprise', 'ue'],
  ['state enterprise', 'se'],
  ['государственное предприятие', 'se'],
  ['дзяржаўнае прадпрыемства', 'se'],
  ['holding company', 'holding'],
  ['ааt', 'ojsc'],
  ['аат', 'ojsc'],
  ['оао', 'ojsc'],
  ['ojsc', 'ojsc'],
  ['oao', 'ojsc'],
  ['зат', 'cjsc'],
  ['зао', 'cjsc'],
  ['cjsc', 'cjsc'],
  ['zao', 'cjsc'],
  ['пао', 'pjsc'],
  ['pjsc', 'pjsc'],
  ['pao', 'pjsc'],
  ['ат', 'jsc'],
  ['ао', 'jsc'],
  ['jsc', 'jsc'],
  ['ao', 'jsc'],
  ['ат', 'jsc'],
  ['тaa', 'llc'],
  ['таа', 'llc'],
  ['ооо', 'llc'],
  ['llc', 'llc'],
  ['ooo', 'llc'],
  ['ltd', 'llc'],
  ['limited', 'llc'],
  ['gmbh', 'llc'],
  ['sp. z o.o.', 'llc'],
  ['рупп', 'rue'],
  ['руп', 'rue'],
  ['rue', 'rue'],
  ['rup', 'rue'],
  ['уп', 'ue'],
  ['up', 'ue'],
  ['чуп', 'pue'],
  ['пуп', 'pue'],
  ['оаа', 'ojsc'],
  ['inc', 'inc'],
  ['corp', 'inc'],
  ['corporation', 'inc'],
  ['plc', 'plc'],
  ['ag', 'jsc'],
  ['sa', 'jsc'],
  ['llp', 'llc'],
  ['co', ''],
  ['company', ''],
];
const STOP = new Set(['the', 'of', 'and', 'і', 'и', 'and', '&']);

export interface OrgName {
  raw: string;
  norm: string;
  forms: string[];
  tokens: string[][];
  joined: string;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
const FORM_RES = LEGAL_FORMS.map(
  ([f, code]) => [new RegExp(`(^|[\\s,.(])${escape(f)}(?=$|[\\s,.)])`, 'giu'), code] as const,
);

const orgCache = new Map<string, OrgName>();

/** Parsed organisation names are memoised like person names (bounded; see parse.ts). */
export function parseOrg(name: string): OrgName {
  const hit = orgCache.get(name);
  if (hit) return hit;
  const parsed = parseOrgUncached(name);
  if (orgCache.size > 50_000) orgCache.clear();
  orgCache.set(name, parsed);
  return parsed;
}

export function clearOrgCache(): void {
  orgCache.clear();
}

function parseOrgUncached(name: string): OrgName {
  let s = ` ${name
    .normalize('NFC')
    .toLowerCase()
    .replace(/^([ao])(?=[\u0400-\u04ff])/u, (c) => (c === 'a' ? 'а' : 'о'))} `
    .replace(/[«»"“”„‟'‹›`]/g, ' ')
    .replace(/\s+/g, ' ');
  const forms: string[] = [];
  for (const [re, code] of FORM_RES) {
    s = s.replace(re, (_m, lead: string) => {
      if (code) forms.push(code);
      return `${lead} `;
    });
  }
  const habit = habitOf(detectScript(name));
  const words = s.split(/[^\p{L}\p{N}'’]+/u).filter((w) => w.length > 0 && !STOP.has(w));
  const tokens = words.map((w) => tokenKeys(w, habit).filter(Boolean)).filter((k) => k.length);
  const norm = name.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
  return {
    raw: name,
    norm,
    forms: [...new Set(forms)].sort(),
    tokens,
    joined: tokens.map((k) => k[0]).join(''),
  };
}

function tokSim(a: string[], b: string[]): number {
  let best = 0;
  for (const x of a) for (const y of b) best = Math.max(best, levSim(x, y));
  return best;
}

/** Mean over the tokens of one side of the best match on the other (Monge-Elkan), both ways. */
function tokenSetSim(a: string[][], b: string[][]): number {
  const dir = (x: string[][], y: string[][]): number =>
    x.reduce((s, t) => s + sharpen(Math.max(0, ...y.map((u) => tokSim(t, u)))), 0) / x.length;
  // Mostly the shorter name's view: "Free Donbas" is fully inside "Public movement Free Donbass".
  const [x, y] = [dir(a, b), dir(b, a)];
  return 0.75 * Math.max(x, y) + 0.25 * Math.min(x, y);
}

export function compareOrgs(A: OrgName, B: OrgName): { score: number; explanation: string[] } {
  const explanation: string[] = [];
  if (A.tokens.length === 0 || B.tokens.length === 0)
    return { score: 0, explanation: ['no name left after removing legal forms'] };
  const joined = sharpen(levSim(A.joined, B.joined));
  const set = tokenSetSim(A.tokens, B.tokens);
  let score = Math.max(joined, set) * 0.98;
  if (A.norm === B.norm) score = 1;
  explanation.push(
    `name without legal form: ${A.joined} ~ ${B.joined}: letters ${joined.toFixed(2)}, words ${set.toFixed(2)}`,
  );
  // Abbreviation against the full name (БМЗ ~ Белорусский металлургический завод).
  const initials = (o: OrgName): string => o.tokens.map((t) => t[0]!.charAt(0)).join('');
  for (const [x, y] of [
    [A, B],
    [B, A],
  ] as const) {
    if (x.tokens.length === 1 && y.tokens.length >= 2) {
      const abbr = x.tokens[0]![0]!;
      if (abbr.length >= 2 && levSim(abbr, initials(y)) >= 0.99 && score < 0.9) {
        score = 0.9;
        explanation.push(`"${x.raw}" reads as the initials of "${y.raw}"`);
      }
    }
  }
  if (A.forms.length && B.forms.length) {
    // JSC covers OJSC/CJSC/PJSC (ААТ is often rendered just "JSC"); UE covers RUE/PUE.
    const family = (f: string): string => (f === 'jsc' ? 'jsc*' : f === 'ue' ? 'ue*' : f);
    const fits = (x: string, y: string): boolean =>
      x === y ||
      (family(x) === 'jsc*' && y.endsWith('jsc')) ||
      (family(y) === 'jsc*' && x.endsWith('jsc')) ||
      (family(x) === 'ue*' && y.endsWith('ue')) ||
      (family(y) === 'ue*' && x.endsWith('ue'));
    const same = A.forms.some((f) => B.forms.some((g) => fits(f, g)));
    explanation.push(
      same
        ? `same legal form (${A.forms.join('/')})`
        : `different legal forms (${A.forms.join('/')} vs ${B.forms.join('/')}): counts against a little`,
    );
    if (!same) score *= 0.9;
  } else if (A.forms.length || B.forms.length) {
    explanation.push('legal form given on one side only: neutral');
  }
  return { score, explanation };
}
