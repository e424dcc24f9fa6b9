import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedContext } from '../../src/core/bootstrap';
import { SESSION_COOKIE } from '../../src/core/http/app';
import type { App } from '../../src/core/http/types';
import { digestOf } from '../../src/modules/registry/import/import.service';
import { buildTestApp } from '../support/api';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeUser } from '../support/factories';
import { openSession, type RawSession } from '../support/session';
import { ftmLines, LIST_A } from '../sanctions/fictional-lists';
import { HOSTILE_STRINGS } from './hostile';
import { changedTables, injectWithin, statusProblem, tableCounts } from './oracle';

/**
 * The importers reached over HTTP (registry list import: dry run and commit; sanctions list import) get
 * valid files mangled at random — cut short, bytes flipped, hostile strings and invalid UTF-8 spliced in,
 * slices repeated, pure noise — and a corpus of hostile files (entity expansion, external entities, a
 * gzip bomb, formula injection). Each answer must be a 2xx or a catalogued 4xx, never a 5xx, within the
 * hang limit, and a refused import must leave every table as it was.
 */
const RUNS = Number(process.env.SUPOLKA_IMPORT_FUZZ_RUNS ?? 20);
const HANG_MS = 20_000;
const REGISTRY_SEED = fs.readFileSync(
  path.join(import.meta.dirname, '..', 'fixtures', 'registry', 'fictional-list-machine.csv'),
);
const FTM_SEED = Buffer.from(ftmLines('test_fictional_ca', LIST_A));
const SPLICES = [
  ...HOSTILE_STRINGS.map((s) => Buffer.from(s)),
  Buffer.from([0xff, 0xfe]),
  Buffer.from([0xc3, 0x28]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0]),
  Buffer.from('\uFEFF'),
  Buffer.from('"'),
  Buffer.from('\r\n,,,\n'),
  Buffer.from('=HYPERLINK("http://evil.example")'),
];

/** A file derived from `seed` by one random kind of damage. */
function mangled(seed: Buffer): fc.Arbitrary<Buffer> {
  const at = fc.integer({ min: 0, max: seed.length });
  return fc.oneof(
    at.map((n) => seed.subarray(0, n)),
    fc
      .array(fc.tuple(fc.integer({ min: 0, max: seed.length - 1 }), fc.integer({ min: 1, max: 255 })), {
        minLength: 1,
        maxLength: 6,
      })
      .map((flips) => {
        const b = Buffer.from(seed);
        for (const [i, m] of flips) b[i]! ^= m;
        return b;
      }),
    fc
      .tuple(at, fc.constantFrom(...SPLICES))
      .map(([n, s]) => Buffer.concat([seed.subarray(0, n), s, seed.subarray(n)])),
    fc.tuple(at, at).map(([a, b]) => {
      const [lo, hi] = a < b ? [a, b] : [b, a];
      return Buffer.concat([seed.subarray(0, hi), seed.subarray(lo, hi), seed.subarray(hi)]);
    }),
    fc.uint8Array({ maxLength: 2000 }).map((u) => Buffer.from(u)),
    fc.constant(gzipSync(seed)).chain((gz) => at.map((n) => gz.subarray(0, Math.min(n, gz.length)))),
  );
}

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<export><sanctionEntity><nameAlias wholeName="&lol3;"/></sanctionEntity></export>`;
const XXE = `<?xml version="1.0"?>
<!DOCTYPE export [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<export><sanctionEntity><nameAlias wholeName="&xxe;"/></sanctionEntity></export>`;
const SANCTIONS_CORPUS: Array<[string, Buffer]> = [
  ['billion-laughs.xml', Buffer.from(BILLION_LAUGHS)],
  ['xxe.xml', Buffer.from(XXE)],
  ['bomb.ftm.jsonl.gz', gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20))],
  ['empty.csv', Buffer.alloc(0)],
  ['utf16.csv', Buffer.from('\uFEFFent_num,SDN_Name\n1,X\n', 'utf16le')],
];
const REGISTRY_CORPUS: Buffer[] = [
  Buffer.from(`${REGISTRY_SEED.toString('utf8').split('\n')[0]}\n=cmd|' /C calc'!A0,+1,-1,@SUM(A1)\n`),
  Buffer.from(BILLION_LAUGHS),
  gzipSync(REGISTRY_SEED),
  Buffer.concat([REGISTRY_SEED, Buffer.alloc(1000, 0)]),
  Buffer.from(REGISTRY_SEED.toString('utf8').replace(/\n/g, '\r')),
];

for (const engine of ENGINES) {
  describe(`hostile files to every importer (${engine})`, () => {
    let env: TestEnv;
    let opened: OpenedContext;
    let app: App;
    let session: RawSession;
    const tried: Record<string, number> = {};
    const statuses: Record<string, number> = {};

    beforeAll(async () => {
      env = await createTestEnv(engine);
      opened = await openTestContext(env);
      app = await buildTestApp(opened);
      const editor = await makeUser(opened.ctx, 'editor');
      session = await openSession(app, editor.username);
    });

    afterAll(async () => {
      await app?.close();
      await opened?.close();
      await env?.destroy();
    });

    const send = (url: string, type: string, payload: Buffer): Promise<LightMyRequestResponse> =>
      injectWithin(
        app,
        {
          method: 'POST',
          url,
          payload,
          cookies: { [SESSION_COOKIE]: session.cookie },
          headers: { 'x-csrf-token': session.csrfToken, 'content-type': type },
        },
        HANG_MS,
      );

    /** The shared oracle (./oracle.ts): returns a failure description, or null. */
    async function check(kind: string, url: string, type: string, file: Buffer): Promise<string | null> {
      const before = await tableCounts(opened.ctx.db);
      let res: LightMyRequestResponse;
      try {
        res = await send(url, type, file);
      } catch (e) {
        return `${kind} (${file.length} bytes): ${(e as Error).message}`;
      }
      tried[kind] = (tried[kind] ?? 0) + 1;
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      const where = `${kind} (${file.length} bytes, starts ${JSON.stringify(file.subarray(0, 60).toString('latin1'))}) -> ${res.statusCode} ${res.body.slice(0, 300)}`;
      const problem = statusProblem(res, where);
      if (problem) return problem;
      if (res.statusCode >= 400) {
        const changed = changedTables(before, await tableCounts(opened.ctx.db));
        if (changed.length > 0) return `refused but wrote to ${changed.join(', ')}: ${where}`;
      }
      return null;
    }

    const registryDryRun = (f: Buffer) =>
      check('registry dry run', '/api/v1/registry/imports/dry-run?consent=sealed', 'text/csv', f);
    const registryCommit = (f: Buffer) =>
      check(
        'registry commit',
        `/api/v1/registry/imports/commit?consent=sealed&skipInvalidRows=true&digest=${digestOf(f)}`,
        'text/csv',
        f,
      );
    const sanctions = (name: string, f: Buffer) =>
      check(
        'sanctions import',
        `/api/v1/sanctions/imports?filename=${encodeURIComponent(name)}&dataset=test_fictional_ca`,
        'application/octet-stream',
        f,
      );

    it('answers every mangled or hostile file with a 2xx or a clean 4xx and writes nothing on refusal', async () => {
      const failures: string[] = [];
      const record = (f: string | null): void => void (f && failures.push(f));
      // The seeds themselves go through: otherwise every mangled file would be refused for the wrong reason.
      const seedDry = await send(
        '/api/v1/registry/imports/dry-run?consent=sealed',
        'text/csv',
        REGISTRY_SEED,
      );
      expect(seedDry.statusCode, seedDry.body).toBe(200);
      for (const f of REGISTRY_CORPUS) {
        record(await registryDryRun(f));
        record(await registryCommit(f));
      }
      for (const [name, f] of SANCTIONS_CORPUS) record(await sanctions(name, f));
      for (const [kind, run] of [
        ['registry dry run', registryDryRun],
        ['registry commit', registryCommit],
      ] as const) {
        await fc.assert(
          fc.asyncProperty(mangled(REGISTRY_SEED), async (f) => {
            const failure = await run(f);
            if (failure) failures.push(failure);
          }),
          { numRuns: RUNS },
        );
        expect(tried[kind]).toBeGreaterThan(0);
      }
      const seedImport = await send(
        '/api/v1/sanctions/imports?filename=fict-ca-2026-01-02.ftm.jsonl&dataset=test_fictional_ca',
        'application/octet-stream',
        FTM_SEED,
      );
      expect(seedImport.statusCode, seedImport.body).toBe(201);
      await fc.assert(
        fc.asyncProperty(
          mangled(FTM_SEED),
          fc.constantFrom('fict-ca-2026-01-03.ftm.jsonl', 'list.xml', 'sdn.csv', 'x.gz'),
          async (f, name) => {
            const failure = await sanctions(name, f);
            if (failure) failures.push(failure);
          },
        ),
        { numRuns: RUNS },
      );
      process.stdout.write(
        `importers-fuzz (${engine}): tried ${JSON.stringify(tried)}, statuses ${JSON.stringify(statuses)}, ${failures.length} failures\n`,
      );
      expect(failures).toEqual([]);
    }, 240_000);
  });
}
