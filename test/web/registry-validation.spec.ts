import { describe, expect, it } from 'vitest';
import { createPersonBody, recognitionInput } from '../../src/modules/registry/registry.schema';
import {
  emptyCase,
  emptyPerson,
  toCreateInput,
  toRecognitionInput,
  validateCase,
  validatePerson,
  validateRecognition,
  validateStatus,
  type CaseFormValues,
  type PersonFormValues,
  type RecognitionFormValues,
  type StatusFormValues,
} from '../../web/src/registry/validation';

/**
 * The registry forms' client-side checks (web/src/registry/validation.ts) must mirror the server's zod
 * schemas: what the client lets through the server accepts, and what the server refuses the client flags
 * on the same field first. Invented values only.
 */
const person = (over: Partial<PersonFormValues> = {}): PersonFormValues => ({
  ...emptyPerson,
  consent: 'confidential',
  names: [
    { script: 'be', kind: 'primary', value: 'Алесь Выдуманы' },
    { script: 'latn', kind: 'alias', value: 'Ales Vydumany' },
  ],
  ...over,
});
const kase = (over: Partial<CaseFormValues> = {}): CaseFormValues => ({
  ...emptyCase,
  articles: '342-1, 361-1',
  detainedOn: '2021-03-01',
  verdictOn: '2021-09-01',
  sentenceMonths: '54',
  court: 'Fictional district court',
  ...over,
});
const status = (over: Partial<StatusFormValues> = {}): StatusFormValues => ({
  status: 'sentenced',
  occurredOn: '2021-09-01',
  note: '',
  ...over,
});

function clientErrors(p: PersonFormValues, c: CaseFormValues, s: StatusFormValues): string[] {
  return Object.keys({
    ...validatePerson(p),
    ...validateCase(c, 'cases.0.'),
    ...validateStatus(s, 'statusEvents.0.', false),
  });
}

/** Server issue paths in the form's terms (article codes are one text field there). */
function serverErrors(p: PersonFormValues, c: CaseFormValues, s: StatusFormValues): string[] {
  const r = createPersonBody.safeParse(toCreateInput(p, c, s));
  if (r.success) return [];
  return r.error.issues.map((i) =>
    i.path
      .map(String)
      .join('.')
      .replace(/(articles)\.\d+.*$/, '$1'),
  );
}

describe('registry form validation mirrors the server schema', () => {
  it('accepts a complete valid record on both sides', () => {
    expect(clientErrors(person(), kase(), status())).toEqual([]);
    expect(serverErrors(person(), kase(), status())).toEqual([]);
    // An empty case and no status are fine too: both are optional.
    expect(clientErrors(person(), emptyCase, status({ status: '', occurredOn: '' }))).toEqual([]);
    expect(serverErrors(person(), emptyCase, status({ status: '', occurredOn: '' }))).toEqual([]);
  });

  const long = (n: number) => 'x'.repeat(n);
  const cases: Array<[string, PersonFormValues, CaseFormValues, StatusFormValues, string]> = [
    ['birth year out of range', person({ birthYear: '1850' }), kase(), status(), 'birthYear'],
    ['impossible birth date', person({ birthDate: '2021-02-30' }), kase(), status(), 'birthDate'],
    [
      'name too long',
      person({ names: [{ script: 'be', kind: 'primary', value: long(301) }] }),
      kase(),
      status(),
      'names.0.value',
    ],
    ['description too long', person({ description: long(20_001) }), kase(), status(), 'description'],
    ['malformed article', person(), kase({ articles: '342, abc' }), status(), 'cases.0.articles'],
    ['sentence too long', person(), kase({ sentenceMonths: '1201' }), status(), 'cases.0.sentenceMonths'],
    ['bad detention date', person(), kase({ detainedOn: '2021-13-01' }), status(), 'cases.0.detainedOn'],
    ['court too long', person(), kase({ court: long(301) }), status(), 'cases.0.court'],
    ['status without date', person(), kase(), status({ occurredOn: '' }), 'statusEvents.0.occurredOn'],
  ];
  for (const [name, p, c, s, path] of cases) {
    it(`flags ${name} where the server does`, () => {
      expect(clientErrors(p, c, s)).toContain(path);
      expect(serverErrors(p, c, s)).toContain(path);
    });
  }

  it('needs at least one name (the server refuses an empty list)', () => {
    const p = person({ names: [{ script: 'be', kind: 'primary', value: '  ' }] });
    expect(clientErrors(p, kase(), status())).toContain('names.0.value');
    expect(serverErrors(p, kase(), status())).toContain('names');
  });

  it('checks recognitions like the server', () => {
    const ok: RecognitionFormValues = {
      recognisedBy: 'Fictional human-rights group',
      recognisedOn: '2021-10-01',
      statementUrl: 'https://example.org/statement',
    };
    expect(validateRecognition(ok)).toEqual({});
    expect(recognitionInput.safeParse(toRecognitionInput(ok)).success).toBe(true);
    for (const [bad, field] of [
      [{ ...ok, statementUrl: 'ftp://example.org/x' }, 'statementUrl'],
      [{ ...ok, recognisedBy: ' ' }, 'recognisedBy'],
      [{ ...ok, recognisedOn: '2021-02-31' }, 'recognisedOn'],
    ] as const) {
      expect(Object.keys(validateRecognition(bad))).toContain(field);
      const r = recognitionInput.safeParse(toRecognitionInput(bad));
      expect(r.success).toBe(false);
      expect(r.error?.issues.map((i) => i.path.join('.'))).toContain(field);
    }
  });
});
