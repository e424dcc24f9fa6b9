import fc from 'fast-check';
import type { z } from 'zod';

/**
 * Hostile values for property-based tests: injection strings, unicode edge cases, oversize and wrong-typed
 * values, and a generator that follows a route's own zod schema (so most requests get past validation
 * and reach the services and the database) with hostile strings in its string slots.
 */
export const SQL_INJECTION = [
  "' OR '1'='1",
  "' OR 1=1 --",
  '"; DROP TABLE persons; --',
  '1; select pg_sleep(5); --',
  "' UNION SELECT password_hash, username FROM users --",
  "%' AND 1=(SELECT COUNT(*) FROM sessions) --",
  '\\',
  "'",
  '"',
  '%',
  '_',
  '*',
  'NULL',
];
export const SCRIPT_INJECTION = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}',
  '${7*7}',
  '<svg/onload=alert(1)>',
  '</title><script>alert(1)</script>',
];
export const FORMULA_INJECTION = [
  "=cmd|' /C calc'!A0",
  '+1+1',
  '-2+3',
  '@SUM(1,2)',
  '=HYPERLINK("http://x")',
];
export const UNICODE_EDGES = [
  '\u0000',
  'a\u0000b',
  '\u202eevil',
  '\u200d\u200c\u2060',
  '\ufeff',
  'e\u0301'.repeat(200),
  '\ud83d\ude00\ud83c\udff3\ufe0f\u200d\ud83c\udf08',
  '\ud800',
  '\udfff',
  'Ǆǅǆ',
  'ｆｕｌｌ',
  'Аляксандр Лукашэнка',
  '\u0130\u0131',
  '\r\n\t\v\f',
  '\u001b[31m',
  '\u2028\u2029',
];
export const PATHS = ['../../etc/passwd', '..%2f..%2fetc%2fpasswd', '/dev/zero', 'C:\\Windows\\win.ini'];
export const PROTO = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];
export const NUMBERS_AS_TEXT = ['-1', '0', '1e309', 'NaN', 'Infinity', '9'.repeat(400), '0x10', '1.5', ' 1 '];

export const HOSTILE_STRINGS = [
  ...SQL_INJECTION,
  ...SCRIPT_INJECTION,
  ...FORMULA_INJECTION,
  ...UNICODE_EDGES,
  ...PATHS,
  ...PROTO,
  ...NUMBERS_AS_TEXT,
  '',
  ' ',
  'x'.repeat(5000),
];

export const hostileString = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...HOSTILE_STRINGS), fc.constantFrom(...HOSTILE_STRINGS))
        .map(([a, b]) => a + b),
    },
  );

/** Any JSON-ish value, hostile strings included; used where a route expects something else entirely. */
export const hostileJson = (): fc.Arbitrary<unknown> =>
  fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      hostileString(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(fc.oneof(hostileString(), fc.constantFrom(...PROTO)), tie('value'), { maxKeys: 4 }),
    ),
  })).value;

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  entries?: Record<string, string | number>;
  values?: unknown[];
  options?: z.ZodType[];
  valueType?: z.ZodType;
  keyType?: z.ZodType;
  in?: z.ZodType;
  format?: string;
};
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

export interface Context {
  /** Real ids (visible and hidden records) so that uuid slots sometimes name an existing record. */
  ids: string[];
}

/** Values shaped like the schema expects, except that about one slot in four is hostile or mistyped. */
export function arbitraryFor(schema: z.ZodType | undefined, c: Context, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return hostileJson();
  const d = defOf(schema);
  const valid = ((): fc.Arbitrary<unknown> => {
    switch (d.type) {
      case 'object': {
        const shape = d.shape ?? {};
        const keys = Object.keys(shape);
        return fc.record(Object.fromEntries(keys.map((k) => [k, arbitraryFor(shape[k], c, depth + 1)])), {
          requiredKeys: [],
        });
      }
      case 'optional':
      case 'nullable':
      case 'default':
      case 'readonly':
      case 'catch':
      case 'nonoptional':
        return fc.oneof(
          arbitraryFor(d.innerType, c, depth + 1),
          fc.constant(d.type === 'nullable' ? null : undefined),
        );
      case 'pipe':
        return arbitraryFor(d.in, c, depth + 1);
      case 'array':
        return fc.array(arbitraryFor(d.element, c, depth + 1), { maxLength: 3 });
      case 'record':
        return fc.dictionary(
          fc.oneof(hostileString(), fc.constantFrom(...PROTO)),
          arbitraryFor(d.valueType, c, depth + 1),
          { maxKeys: 3 },
        );
      case 'enum':
        return fc.constantFrom(...Object.values(d.entries ?? { x: 'x' }));
      case 'literal':
        return fc.constantFrom(...(d.values ?? [null]));
      case 'union':
        return fc.oneof(...(d.options ?? []).map((o) => arbitraryFor(o, c, depth + 1)));
      case 'boolean':
        return fc.boolean();
      case 'number':
      case 'int':
        return fc.oneof(fc.integer({ min: -2, max: 300 }), fc.constantFrom(0, 1, 2020, 1_000_000));
      case 'string':
        switch (d.format) {
          case 'uuid':
          case 'guid':
            return fc.oneof(fc.constantFrom(...c.ids), fc.uuid());
          case 'date':
            return fc.constantFrom('2021-03-01', '2020-02-29', '1999-12-31', '2100-01-01');
          case 'url':
            return fc.constantFrom('https://example.org/a', 'http://127.0.0.1/', 'javascript:alert(1)');
          default:
            return fc.oneof(hostileString(), fc.constantFrom('342', '361-1', 'minsk_city', 'sentenced'));
        }
      default:
        return hostileJson();
    }
  })();
  return fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: hostileJson() });
}

/** Percent-encodes a path segment; lone surrogates (which encodeURIComponent refuses) become invalid UTF-8. */
export function pathSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

export function queryString(query: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    const values = Array.isArray(v) ? v : [v];
    for (const one of values)
      parts.push(
        `${pathSegment(k)}=${pathSegment(typeof one === 'string' ? one : (JSON.stringify(one) ?? ''))}`,
      );
  }
  return parts.join('&');
}
