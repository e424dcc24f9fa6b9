/**
 * compareNames: the public scoring entry point for persons and organisations, with optional
 * evidence (birth date, country, gender) and a deterministic explanation.
 */
import { alignPersons } from './align';
import { compareOrgs, parseOrg } from './org';
import { parseName } from './parse';

/**
 * Scores at or above this are reported as a match. Chosen on the labelled set built by
 * bench/names.bench.ts (see README "Threshold"): it is where F1 peaks while keeping the share of
 * hard negatives above the threshold low; male/female forms and contradicting given names are
 * held well below it by construction.
 */
export const DEFAULT_THRESHOLD = 0.7;

export type Schema = 'Person' | 'Organization';

export interface Evidence {
  /** ISO date or partial date: "1954-08-30", "1954-08", "1954". */
  birthDate?: string;
  /** ISO 3166 alpha-2 country or nationality, case-insensitive. */
  country?: string;
  gender?: 'male' | 'female' | 'm' | 'f';
  /** More possible birth dates / countries (lists give several); the best-agreeing pair counts. */
  birthDates?: readonly string[];
  countries?: readonly string[];
}

export interface CompareOptions {
  schema?: Schema;
  threshold?: number;
  a?: Evidence;
  b?: Evidence;
  /** false: score only, explanation left empty (bulk scoring; several times faster). Default true. */
  explain?: boolean;
}

export interface CompareResult {
  score: number;
  match: boolean;
  threshold: number;
  explanation: string[];
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

function dateEvidence(x: string, y: string): [delta: number, line: string] {
  const n = Math.min(x.length, y.length);
  if (x.slice(0, n) === y.slice(0, n)) {
    const d = n >= 10 ? 0.08 : 0.03;
    return [d, `birth dates agree (${x} / ${y}): +${d.toFixed(2)}`];
  }
  if (x.slice(0, 4) === y.slice(0, 4)) return [-0.05, `same birth year, different date (${x} / ${y}): -0.05`];
  const gap = Math.abs(Number(x.slice(0, 4)) - Number(y.slice(0, 4)));
  const d = gap <= 1 ? 0.1 : 0.25;
  return [-d, `birth dates differ (${x} / ${y}): -${d.toFixed(2)}`];
}

const list = (one: string | undefined, many: readonly string[] | undefined): string[] =>
  [one, ...(many ?? [])].map((x) => (x ?? '').trim()).filter(Boolean);

/**
 * Evidence beyond the name. Lists often give several possible birth dates and countries: the pair
 * that agrees best counts (a listed person born "1954 or 1955" is not contradicted by 1955).
 */
function evidence(a: Evidence | undefined, b: Evidence | undefined, lines: string[]): number {
  if (!a || !b) return 0;
  let delta = 0;
  const da = list(a.birthDate, a.birthDates);
  const db = list(b.birthDate, b.birthDates);
  if (da.length && db.length) {
    let best: [number, string] | undefined;
    for (const x of da)
      for (const y of db) {
        const e = dateEvidence(x, y);
        if (!best || e[0] > best[0]) best = e;
      }
    delta += best![0];
    lines.push(best![1]);
  }
  const ca = list(a.country, a.countries).map((c) => c.toLowerCase());
  const cb = list(b.country, b.countries).map((c) => c.toLowerCase());
  if (ca.length && cb.length) {
    const shared = ca.find((c) => cb.includes(c));
    delta += shared ? 0.02 : -0.05;
    lines.push(
      shared
        ? `same country (${shared.toUpperCase()}): +0.02`
        : `different countries (${ca.join('/').toUpperCase()} vs ${cb.join('/').toUpperCase()}): -0.05`,
    );
  }
  if (a.gender && b.gender) {
    const same = a.gender.charAt(0) === b.gender.charAt(0);
    delta += same ? 0 : -0.35;
    lines.push(same ? 'same gender: neutral' : 'different genders: -0.35');
  }
  return delta;
}

export function compareNames(a: string, b: string, opts: CompareOptions = {}): CompareResult {
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const schema = opts.schema ?? 'Person';
  const explain = opts.explain !== false;
  const explanation: string[] = explain ? [`schema ${schema}`] : [];
  let score: number;
  if (schema === 'Organization') {
    const r = compareOrgs(parseOrg(a), parseOrg(b));
    score = r.score;
    if (explain) explanation.push(...r.explanation);
  } else {
    const r = alignPersons(parseName(a), parseName(b), explain);
    score = r.score;
    if (explain) explanation.push(...r.explanation);
  }
  return finishScore(score, threshold, opts, explanation, explain);
}

/** Adds the optional evidence, rounds, and states the verdict (shared with the screening index). */
export function finishScore(
  nameScore: number,
  threshold: number,
  opts: Pick<CompareOptions, 'a' | 'b'>,
  explanation: string[],
  explain: boolean,
): CompareResult {
  let score = nameScore;
  const lines: string[] = explain ? explanation : [];
  const delta = evidence(opts.a, opts.b, lines);
  // Evidence moves the score but cannot turn a clear non-match into a match on its own.
  score = Math.max(0, Math.min(1, score + (nameScore < 0.5 ? Math.min(delta, 0) : delta)));
  score = round(score);
  const match = score >= threshold;
  if (explain)
    explanation.push(
      `score ${score.toFixed(3)} ${match ? '≥' : '<'} threshold ${threshold}: ${match ? 'match' : 'no match'}`,
    );
  return { score, match, threshold, explanation };
}
