/**
 * Organisation names: legal forms in Belarusian, Russian and English are recognised and set
 * aside (ААТ = ОАО = OJSC), quotes dropped, the rest compared token by token on the
 * cross-language key, and also as one run of letters (Беларуськалий ~ Belaruskali ~ Belarus Kali).
 */
import { levSim } from './distance';
import { sharpen } from './align';
import { tokenKeys } from './key';
import {
  type Acronym,
  acronymMatch,
  acronymsOf,
  isGenericWord,
  joinSplitWords,
  wordInitials,
} from './org-words';
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
  // Kinds of enterprise written before the brand (НПО «Стрела» = NPO Strela = SPA Strela).
  ['федеральное государственное унитарное предприятие', 'sue'],
  ['federal state unitary enterprise', 'sue'],
  ['государственное унитарное предприятие', 'sue'],
  ['state unitary enterprise', 'sue'],
  ['научно-производственное объединение', 'npo'],
  ['научно-производственное предприятие', 'npp'],
  ['научно-производственная компания', 'npk'],
  ['научно-производственная корпорация', 'npk'],
  ['scientific and production association', 'npo'],
  ['research and production association', 'npo'],
  ['scientific production association', 'npo'],
  ['scientific and production enterprise', 'npp'],
  ['research and production enterprise', 'npp'],
  ['scientific production enterprise', 'npp'],
  ['research and production corporation', 'npk'],
  ['research and production company', 'npk'],
  ['производственное объединение', 'po'],
  ['production association', 'po'],
  ['опытно-конструкторское бюро', 'kb'],
  ['experimental design bureau', 'kb'],
  ['конструкторское бюро', 'kb'],
  ['design bureau', 'kb'],
  ['научно-исследовательский институт', 'nii'],
  ['scientific research institute', 'nii'],
  ['research institute', 'nii'],
  ['фгуп', 'sue'],
  ['гуп', 'sue'],
  ['fsue', 'sue'],
  ['fgup', 'sue'],
  ['sue', 'sue'],
  ['gup', 'sue'],
  ['нпо', 'npo'],
  ['npo', 'npo'],
  ['spa', 'npo'],
  ['нпп', 'npp'],
  ['npp', 'npp'],
  ['spe', 'npp'],
  ['нпк', 'npk'],
  ['npk', 'npk'],
  ['окб', 'kb'],
  ['okb', 'kb'],
  ['кб', 'kb'],
  ['kb', 'kb'],
  ['нии', 'nii'],
  ['nii', 'nii'],
  ['named after', ''],
  ['имени', ''],
  ['им', ''],
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
const KINDS = new Set(['npo', 'npp', 'npk', 'po', 'kb', 'nii']);
const STOP = new Set(['the', 'of', 'and', 'і', 'и', 'and', '&']);

export interface OrgName {
  raw: string;
  norm: string;
  forms: string[];
  tokens: string[][];
  joined: string;
  /** Keys of every word, legal forms included, and the acronyms (org-words.ts). */
  words: string[][];
  /** First letters of each word's keys, for acronymMatch (org-words.ts, wordInitials). */
  initials: string[][];
  acronyms: Acronym[];
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
const ONE_WORD_FORMS = new Set(LEGAL_FORMS.map(([f]) => f).filter((f) => !/[\s.-]/.test(f)));
const WORD_SPLIT = /[^\p{L}\p{N}'’]+/u;
const QUOTES = /[«»"“”„‟'‹›`]/g;
const FORM_RES = LEGAL_FORMS.map(
  ([f, code]) => [new RegExp(`(^|[\\s,.(])${escape(f)}(?=$|[\\s,.)])`, 'giu'), code, f] as const,
);

/**
 * Spelt-out legal forms as key sequences, so that transliterations of them are found too
 * (Obshchestvo s ogranichennoy otvetstvennost'yu = Общество с ограниченной ответственностью).
 */
const PHRASES: [keys: string[], code: string][] = LEGAL_FORMS.filter(([f]) => /[\s-]/.test(f))
  .map(([f, code]): [string[], string] => [f.split(/[\s-]+/).map((w) => tokenKeys(w)[0] ?? w), code])
  .sort((a, b) => b[0].length - a[0].length);

function dropSpeltForms(tokens: string[][], forms: string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < tokens.length;) {
    const hit = PHRASES.find(
      ([keys]) => i + keys.length <= tokens.length && keys.every((k, j) => tokens[i + j]!.includes(k)),
    );
    if (hit) {
      if (hit[1]) forms.push(hit[1]);
      i += hit[0].length;
    } else out.push(tokens[i++]!);
  }
  return out;
}

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
    .replace(QUOTES, ' ')
    .replace(/\s+/g, ' ');
  const forms: string[] = [];
  const habit = habitOf(detectScript(name));
  const memo = new Map<string, string[]>();
  const keysOf = (w: string): string[] => {
    let k = memo.get(w);
    if (!k) memo.set(w, (k = tokenKeys(w, habit).filter(Boolean)));
    return k;
  };
  const allWords = s.split(WORD_SPLIT).filter((w) => w.length > 0 && !STOP.has(w));
  for (const [re, code, f] of FORM_RES) {
    // The name is lower-cased: a form not written in it needs no regex run (most of ~130).
    if (!s.includes(f)) continue;
    s = s.replace(re, (_m, lead: string) => {
      if (code) forms.push(code);
      return `${lead} `;
    });
  }
  const words = s.split(WORD_SPLIT).filter((w) => w.length > 0 && !STOP.has(w));
  const tokens = dropSpeltForms(
    words.map(keysOf).filter((k) => k.length),
    forms,
  );
  const rawWords = name.normalize('NFC').replace(QUOTES, ' ').split(WORD_SPLIT).filter(Boolean);
  const norm = name.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
  const wordKeys = allWords.map(keysOf).filter((k) => k.length);
  return {
    raw: name,
    norm,
    forms: [...new Set(forms)].sort(),
    tokens,
    joined: tokens.map((k) => k[0]).join(''),
    words: wordKeys,
    initials: wordInitials(wordKeys),
    acronyms: acronymsOf(name, rawWords, (w) => ONE_WORD_FORMS.has(w), keysOf),
  };
}

function tokSim(a: string[], b: string[]): number {
  let best = 0;
  for (const x of a) for (const y of b) best = Math.max(best, levSim(x, y));
  return best;
}

/** Mean over the tokens of one side of the best match on the other (Monge-Elkan), both ways. */
function tokenSetSim(a: string[][], b: string[][]): number {
  // Longer words weigh more: a brand (Informzashchita) says more than an abbreviation (NIP).
  const dir = (x: string[][], y: string[][]): number => {
    let num = 0;
    let den = 0;
    for (const t of x) {
      const sim = sharpen(Math.max(0, ...y.map((u) => tokSim(t, u))));
      // A shared generic word says little; a generic word the other name lacks still counts against.
      const w = isGenericWord(t) && sim >= 0.9 ? 1 : Math.min(8, t[0]!.length);
      num += w * sim;
      den += w;
    }
    return den > 0 ? num / den : 0;
  };
  // Mostly the shorter name's view: "Free Donbas" is fully inside "Public movement Free Donbass".
  const [x, y] = [dir(a, b), dir(b, a)];
  return 0.75 * Math.max(x, y) + 0.25 * Math.min(x, y);
}

export function compareOrgs(A: OrgName, B: OrgName): { score: number; explanation: string[] } {
  const explanation: string[] = [];
  if (A.tokens.length === 0 || B.tokens.length === 0)
    return { score: 0, explanation: ['no name left after removing legal forms'] };
  const joined = sharpen(levSim(A.joined, B.joined));
  // One word written as two on the other side (Nano Electronics = НАНОЭЛЕКТРОНИКА).
  const set = tokenSetSim(joinSplitWords(A.tokens, B.tokens), joinSplitWords(B.tokens, A.tokens));
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
  // An acronym of one name read in the other (MZKT = МЗКЦ; JSC ITC = JSC Independent Transport
  // Company): only with nothing else left on either side, or with the rest agreeing on its own.
  for (const [x, y] of [
    [A, B],
    [B, A],
  ] as const) {
    const m = score < 0.9 ? acronymMatch(x, y) : undefined;
    if (!m) continue;
    const { xRest, yRest } = m;
    const s =
      xRest.length === 0 && yRest.length === 0
        ? 0.9
        : xRest.length && yRest.length
          ? 0.9 * tokenSetSim(xRest, yRest)
          : 0;
    if (s > score) {
      score = s;
      explanation.push(`an acronym of "${x.raw}" reads as the initials of words of "${y.raw}"`);
    }
  }
  // Kinds of enterprise (NPO, design bureau, …) are not legal forms: they never count against.
  const legal = (o: OrgName): string[] => o.forms.filter((f) => !KINDS.has(f));
  if (legal(A).length && legal(B).length) {
    // JSC covers OJSC/CJSC/PJSC (ААТ is often rendered just "JSC"); UE covers RUE/PUE.
    const family = (f: string): string => (f === 'jsc' ? 'jsc*' : f === 'ue' ? 'ue*' : f);
    const fits = (x: string, y: string): boolean =>
      x === y ||
      (family(x) === 'jsc*' && y.endsWith('jsc')) ||
      (family(y) === 'jsc*' && x.endsWith('jsc')) ||
      (family(x) === 'ue*' && y.endsWith('ue')) ||
      (family(y) === 'ue*' && x.endsWith('ue'));
    const same = legal(A).some((f) => legal(B).some((g) => fits(f, g)));
    explanation.push(
      same
        ? `same legal form (${A.forms.join('/')})`
        : `different legal forms (${legal(A).join('/')} vs ${legal(B).join('/')}): counts against a little`,
    );
    if (!same) score *= 0.9;
  } else if (A.forms.length || B.forms.length) {
    explanation.push('legal form given on one side only: neutral');
  }
  return { score, explanation };
}
