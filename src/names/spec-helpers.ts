/**
 * Test-only assertions shared by the name specs (key-variants, spelling-systems, names-variants).
 * Not a spec itself (vitest runs *.spec.ts) and not exported from index.ts: the library stays
 * free of npm imports at run time, only its tests load vitest.
 */
import { expect } from 'vitest';
import { compareNames, type Schema } from './index';

/** Asserts that compareNames calls a and b the same name; on failure shows the score and explanation. */
export function match(a: string, b: string, schema: Schema = 'Person'): void {
  const r = compareNames(a, b, { schema });
  expect(r.match, `${a} ~ ${b}: ${r.score}\n${r.explanation.join('\n')}`).toBe(true);
}

/** Asserts that compareNames keeps a and b apart; on failure shows the score and explanation. */
export function noMatch(a: string, b: string, schema: Schema = 'Person'): void {
  const r = compareNames(a, b, { schema });
  expect(r.match, `${a} ~ ${b}: ${r.score}\n${r.explanation.join('\n')}`).toBe(false);
}
