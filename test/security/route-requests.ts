import fc from 'fast-check';
import type { z } from 'zod';
import { SESSION_COOKIE } from '../../src/core/http/app';
import type { RegisteredRoute } from '../support/routes';
import {
  arbitraryFor,
  hostileJson,
  hostileString,
  HOSTILE_STRINGS,
  pathSegment,
  queryString,
} from './hostile';

/**
 * The requests routes-fuzz sends to a route: random ones shaped by the route's own schemas with hostile
 * values in them (requestArb), and a fixed corpus every route gets (corpus).
 */
export interface Req {
  who: 'anonymous' | 'editor';
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer | object;
  csrf: 'right' | 'wrong' | 'none';
}

export interface RouteSchemas {
  body?: z.ZodType;
  querystring?: z.ZodType;
}

const ASCII = HOSTILE_STRINGS.filter((s) => /^[\x20-\x7e]*$/.test(s));
const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-16',
  'text/plain',
  'text/csv',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/json, text/csv',
];
const MALFORMED_BODIES = [
  '{"a":',
  '[',
  'null',
  '"\\ud800"',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '\u0000',
  '{"a":1,"a":2}',
  `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
  `{"x":"${'\\u0000'.repeat(1000)}"}`,
];

export const describeReq = (r: Req): string =>
  `${r.who} ${r.method} ${r.url.slice(0, 160)} headers=${JSON.stringify(r.headers).slice(0, 160)} body=${
    typeof r.payload === 'string' ? r.payload.slice(0, 160) : JSON.stringify(r.payload)?.slice(0, 160)
  }`;

export function requestArb(route: RegisteredRoute, s: RouteSchemas, ids: string[]): fc.Arbitrary<Req> {
  const params = (route.url.match(/:[A-Za-z]+/g) ?? []).map(() =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...ids) },
      { weight: 1, arbitrary: fc.uuid() },
      { weight: 2, arbitrary: hostileString().map(pathSegment) },
      { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%00', '..', '%2e%2e', '%ED%A0%80', '%FF%FE') },
    ),
  );
  const query = fc.oneof(
    { weight: 3, arbitrary: arbitraryFor(s.querystring, { ids }) },
    {
      weight: 1,
      arbitrary: fc.dictionary(
        fc.constantFrom('q', 'limit', 'offset', 'tier', 'status', 'region', 'article', 'format', 'lang'),
        fc.oneof(hostileString(), fc.array(hostileString(), { maxLength: 3 })),
        { maxKeys: 4 },
      ),
    },
  );
  const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
  const body: fc.Arbitrary<string | object | undefined> = hasBody
    ? fc.oneof(
        {
          weight: 6,
          arbitrary: arbitraryFor(s.body, { ids }).map((b) => (b === undefined ? {} : b) as object),
        },
        { weight: 2, arbitrary: hostileJson().map((b) => JSON.stringify(b) ?? 'null') },
        { weight: 1, arbitrary: fc.constantFrom(...MALFORMED_BODIES) },
      )
    : fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant('{}') });
  const headers = fc.record(
    {
      'content-type': fc.oneof(
        { weight: 6, arbitrary: fc.constant('application/json') },
        { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
        { weight: 1, arbitrary: fc.constantFrom(...ASCII) },
      ),
      accept: fc.constantFrom('*/*', 'text/csv', 'application/pdf', 'text/html', ...ASCII),
      origin: fc.constantFrom('https://evil.example', 'null', 'http://localhost:80'),
      'x-forwarded-for': fc.constantFrom('1.2.3.4', "' OR 1=1", '::1'),
      'accept-language': fc.constantFrom('be', 'ru', 'xx', ...ASCII),
      cookie: fc.constantFrom(
        `${SESSION_COOKIE}=${'a'.repeat(300)}`,
        `${SESSION_COOKIE}='; DROP TABLE sessions`,
      ),
    },
    { requiredKeys: [] },
  );
  return fc
    .record({
      who: fc.constantFrom('anonymous' as const, 'editor' as const, 'editor' as const),
      params: fc.tuple(...params),
      query,
      body,
      headers,
      csrf: fc.constantFrom(
        'right' as const,
        'right' as const,
        'right' as const,
        'wrong' as const,
        'none' as const,
      ),
    })
    .map(({ who, params: ps, query: q, body: b, headers: h, csrf }) => {
      let i = 0;
      const path = route.url.replace(/:[A-Za-z]+/g, () => ps[i++] ?? 'x');
      const qs =
        q && typeof q === 'object' && !Array.isArray(q) ? queryString(q as Record<string, unknown>) : '';
      const headersOut: Record<string, string> = { ...(h as Record<string, string>) };
      // A signed-in caller's own cookie must reach the server; the garbage cookies are for anonymous ones.
      if (who === 'editor') delete headersOut.cookie;
      // A string body is sent as is; an object body as JSON unless the generated content type says otherwise.
      if (typeof b === 'object' && !headersOut['content-type'])
        headersOut['content-type'] = 'application/json';
      const payload =
        typeof b === 'object' && headersOut['content-type'] !== 'application/json' ? JSON.stringify(b) : b;
      return {
        who,
        method: route.method,
        url: qs ? `${path}?${qs}` : path,
        headers: headersOut,
        payload,
        csrf,
      };
    });
}

/**
 * Fixed hostile requests every route gets, whatever the random ones did. An anonymous caller is refused
 * by a session route before its body is read, so it gets the hidden ids and one bad body; the malformed
 * bodies rotate over the routes so that each is sent to many routes without sending all to every one.
 */
export function corpus(
  route: RegisteredRoute,
  index: number,
  known: { ids: string[]; hiddenIds: readonly string[]; bodyLimit: number },
): Req[] {
  const { ids, hiddenIds, bodyLimit: limit } = known;
  const out: Req[] = [];
  const withId = (id: string) => route.url.replace(/:[A-Za-z]+/g, id);
  const url = withId(ids[1]!);
  const base = { method: route.method, headers: {}, csrf: 'right' as const };
  const json = { 'content-type': 'application/json' };
  const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
  const malformed = [0, 1, 2].map((k) => MALFORMED_BODIES[(index * 3 + k) % MALFORMED_BODIES.length]!);
  for (const id of hiddenIds) {
    out.push({ ...base, who: 'anonymous', url: withId(id) });
    out.push({ ...base, who: 'editor', url: withId(id) });
  }
  if (hasBody) out.push({ ...base, who: 'anonymous', url, headers: json, payload: malformed[0]! });
  out.push({ ...base, who: 'editor', url: `${url}?q=${'x'.repeat(20_000)}&limit=-1&offset=1e309` });
  out.push({ ...base, who: 'editor', url: `${url}?limit=1&limit=2&q[]=a&q[b]=c` });
  out.push({ ...base, who: 'editor', url: withId('x'.repeat(600)) });
  if (hasBody) {
    out.push({ ...base, who: 'editor', url, headers: json, payload: 'x'.repeat(limit + 1) });
    out.push({ ...base, who: 'editor', url, headers: json, payload: `{"a":"${'y'.repeat(limit)}"}` });
    for (const m of malformed) out.push({ ...base, who: 'editor', url, headers: json, payload: m });
    const csv = { 'content-type': 'text/csv' };
    out.push({
      ...base,
      who: 'editor',
      url,
      headers: csv,
      payload: "=cmd|' /C calc'!A0,\u0000\n\xff\xfe",
    });
    out.push({
      ...base,
      who: 'editor',
      url,
      headers: csv,
      payload: Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0]),
    });
  }
  return out;
}
