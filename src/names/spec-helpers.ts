/**
 * Test-only assertions shared by the name specs (key-variants, spelling-systems, names-variants).
 * Not a spec itself (vitest runs *.spec.ts) and not exported from index.ts: the library stays
 * free of npm imports at run time, only its tests load vitest.
 */
import { expect } from 'vitest';
import { compareNames, type Schema } from './index';

/** Asserts compareNames' verdict on a and b; on failure shows the score and explanation. */
function expectVerdict(a: string, b: string, schema: Schema, same: boolean): void {
  const r = compareNames(a, b, { schema });
  expect(r.match, `${a} ~ ${b}: ${r.score}\n${r.explanation.join('\n')}`).toBe(same);
}

/** Asserts that compareNames calls a and b the same name. */
export const match = (a: string, b: string, schema: Schema = 'Person'): void =>
  expectVerdict(a, b, schema, true);

/** Asserts that compareNames keeps a and b apart. */
export const noMatch = (a: string, b: string, schema: Schema = 'Person'): void =>
  expectVerdict(a, b, schema, false);
