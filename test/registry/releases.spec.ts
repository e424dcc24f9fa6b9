import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access';
import type { OpenedContext } from '../../src/core/bootstrap';
import { parseCsv } from '../../src/core/csv/csv-reader';
import type { App } from '../../src/core/http/types';
import { releaseListPdf } from '../../src/modules/registry/humanitarian.export';
import { ageOn, monthsSince } from '../../src/modules/registry/humanitarian.service';
import type { ReleaseList } from '../../src/modules/registry/releases.schema';
import { buildTestApp, signIn, type Client } from '../support/api';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeSource, makeUser } from '../support/factories';
import { makePerson, nameMarker } from '../support/registry-factories';

/** Release events, saved filters and humanitarian release lists (JSON, CSV, PDF) on invented people. */
const thisYear = new Date().getUTCFullYear();

/** Text set at 10 pt in the (deflated) page content streams: the entry headings, one per entry. */
function entryHeadings(pdf: Buffer): number {
  const text = pdf.toString('latin1');
  // Cut each stream by its declared /Length: compressed bytes may themselves end in CR or contain
  // "endstream", which a pattern match would mistake for the stream's end.
  const streams = [...text.matchAll(/\/Length (\d+)[^>]*>>\s*stream\r?\n/g)].map((s) => {
    const start = s.index + s[0].length;
    try {
      return inflateSync(pdf.subarray(start, start + Number(s[1]))).toString('latin1');
    } catch {
      return '';
    }
  });
  return (streams.join('\n').match(/\/F\d+ 10 Tf/g) ?? []).length;
}

describe('humanitarian arithmetic', () => {
  it('computes age from a date or a year and months served from partial dates', () => {
    const today = new Date(Date.UTC(2026, 5, 15));
    expect(ageOn(1960, '1960-06-16', today)).toBe(65);
    expect(ageOn(1960, '1960-06-15', today)).toBe(66);
    expect(ageOn(1960, null, today)).toBe(66);
    expect(ageOn(null, null, today)).toBeNull();
    expect(Math.round(monthsSince('2024-06-15', today))).toBe(24);
    expect(Math.round(monthsSince('2024', today))).toBe(29);
  });
});

for (const engine of ENGINES) {
  describe(`releases and humanitarian lists (${engine})`, () => {
    let env: TestEnv;
    let opened: OpenedContext;
    let app: App;
    let editor: Actor;
    const c = {} as Record<'editor' | 'viewer' | 'analyst', Client>;
    const m = {
      old: nameMarker('Old'),
      ill: nameMarker('Ill'),
      woman: nameMarker('Wom'),
      young: nameMarker('Yng'),
      anon: nameMarker('Ano'),
    };
    const ids = {} as Record<keyof typeof m | 'sealed', string>;
    const refs = {} as Record<keyof typeof m | 'sealed', string>;
    let filterId = '';

    beforeAll(async () => {
      env = await createTestEnv(engine);
      opened = await openTestContext(env);
      app = await buildTestApp(opened);
      editor = await makeUser(opened.ctx, 'editor');
      c.editor = await signIn(app, editor.username);
      c.viewer = await signIn(app, (await makeUser(opened.ctx, 'viewer')).username);
      c.analyst = await signIn(app, (await makeUser(opened.ctx, 'analyst')).username);
      const mk = async (
        key: keyof typeof m | 'sealed',
        consent: 'public' | 'anonymised' | 'confidential' | 'sealed',
        extra: Record<string, unknown>,
      ) => {
        const p = await makePerson(opened.ctx, editor, consent, {
          names: [
            {
              script: 'latn',
              kind: 'primary',
              value: `${key === 'sealed' ? nameMarker('Sea') : m[key]} Fictional`,
            },
            { script: 'be', kind: 'alias', value: 'Вымысел Тэставы' },
          ],
          birthYear: thisYear - 40,
          cases: [
            { articles: [{ article: '342' }], detainedOn: `${thisYear - 1}-01-01`, sentenceMonths: 120 },
          ],
          ...extra,
        });
        ids[key] = p.id;
        refs[key] = p.refCode;
      };
      await mk('old', 'public', { birthYear: thisYear - 70 });
      await mk('ill', 'confidential', {});
      await mk('woman', 'public', { gender: 'female' });
      await mk('young', 'public', {});
      await mk('anon', 'anonymised', { birthYear: thisYear - 80 });
      await mk('sealed', 'sealed', { birthYear: thisYear - 90 });
      const flags = await c.editor.request('PATCH', `/api/v1/persons/${ids.ill}/humanitarian`, {
        seriousIllness: true,
        parentOfMinors: false,
      });
      expect(flags.statusCode, flags.body).toBe(200);
    });
    afterAll(async () => {
      await app?.close();
      await opened?.close();
      await env?.destroy();
    });

    it('release events: create, link released status events, update, delete', async () => {
      const source = await makeSource(opened.ctx, editor, 'public');
      const created = await c.editor.request('POST', '/api/v1/registry/release-events', {
        kind: 'pardon',
        occurredOn: '2025-09-11',
        title: 'Fictional pardon wave',
        reportedCount: 52,
        sourceId: source.id,
      });
      expect(created.statusCode, created.body).toBe(201);
      const ev = created.json<{ id: string }>();
      expect(
        (
          await c.viewer.request('POST', '/api/v1/registry/release-events', {
            kind: 'pardon',
            occurredOn: '2025-01-01',
            title: 'x',
          })
        ).statusCode,
      ).toBe(403);
      const released = await makePerson(opened.ctx, editor, 'confidential', {
        statusEvents: [{ status: 'released_pardon', occurredOn: '2025-09-11' }],
      });
      const detained = await c.editor.request('GET', `/api/v1/persons/${released.id}`);
      const events = detained.json<{ statusEvents: Array<{ id: string; status: string }> }>().statusEvents;
      const rel = events.find((e) => e.status === 'released_pardon')!;
      const linked = await c.editor.request('POST', `/api/v1/registry/release-events/${ev.id}/links`, {
        statusEventIds: [rel.id],
      });
      expect(linked.json()).toEqual({ linked: 1 });
      const list = (await c.analyst.request('GET', '/api/v1/registry/release-events')).json<{
        items: Array<{ id: string; linkedCount: number; sourceId: string | null }>;
      }>();
      expect(list.items.find((i) => i.id === ev.id)).toMatchObject({ linkedCount: 1, sourceId: null });
      const view = (await c.editor.request('GET', `/api/v1/persons/${released.id}`)).json<{
        statusEvents: Array<{ id: string; releaseEventId: string | null }>;
      }>();
      expect(view.statusEvents.find((e) => e.id === rel.id)!.releaseEventId).toBe(ev.id);
      const patched = await c.editor.request('PATCH', `/api/v1/registry/release-events/${ev.id}`, {
        title: 'Fictional pardon wave (corrected)',
      });
      expect(patched.json()).toMatchObject({
        title: 'Fictional pardon wave (corrected)',
        sourceId: source.id,
        linkedCount: 1,
      });
      expect((await c.editor.request('DELETE', `/api/v1/registry/release-events/${ev.id}`)).statusCode).toBe(
        200,
      );
      const after = (await c.editor.request('GET', `/api/v1/persons/${released.id}`)).json<{
        statusEvents: Array<{ id: string; releaseEventId: string | null }>;
      }>();
      expect(after.statusEvents.find((e) => e.id === rel.id)!.releaseEventId).toBeNull();
    });

    it('health flags are readable only where health facts are, and audited without values', async () => {
      expect((await c.viewer.request('GET', `/api/v1/persons/${ids.ill}/humanitarian`)).statusCode).toBe(404);
      expect((await c.viewer.request('GET', `/api/v1/persons/${ids.old}/humanitarian`)).statusCode).toBe(404);
      expect((await c.editor.request('GET', `/api/v1/persons/${ids.ill}/humanitarian`)).json()).toMatchObject(
        { seriousIllness: true, parentOfMinors: false },
      );
      const stored = await opened.ctx.db.selectFrom('person_humanitarian').selectAll().execute();
      expect(stored.map((s) => s.flags_enc).join()).not.toMatch(/seriousIllness|true/);
    });

    it('builds the list per author: viewer lacks confidential and health-based entries; sealed only counted', async () => {
      const created = await c.editor.request('POST', '/api/v1/registry/saved-filters', {
        name: 'Fictional humanitarian list',
        criteria: { minAge: 65, seriousIllness: true, women: true },
      });
      expect(created.statusCode, created.body).toBe(201);
      filterId = created.json<{ id: string }>().id;
      const editorList = (
        await c.editor.request('GET', `/api/v1/registry/saved-filters/${filterId}/list`)
      ).json<{
        count: number;
        sealedCount: number;
        generatedBy: string;
        countingRule: string;
        items: Array<{ refCode: string; reasons: string[] }>;
      }>();
      expect(editorList.items.map((i) => i.refCode).sort()).toEqual(
        [refs.old, refs.ill, refs.woman, refs.anon].sort(),
      );
      expect(editorList.items.find((i) => i.refCode === refs.ill)!.reasons).toEqual(['serious_illness']);
      expect(editorList).toMatchObject({ count: 4, sealedCount: 1 });
      expect(editorList.countingRule).toMatch(/Sealed records/);
      const viewerList = (
        await c.viewer.request('GET', `/api/v1/registry/saved-filters/${filterId}/list`)
      ).json<{
        items: Array<{ refCode: string; identityHidden: boolean; age: number | null }>;
      }>();
      // The anonymised person's age is an identity fact the viewer may not read: it cannot qualify by age.
      expect(viewerList.items.map((i) => i.refCode).sort()).toEqual([refs.old, refs.woman].sort());
      expect(
        (await c.analyst.request('GET', `/api/v1/registry/saved-filters/${filterId}/list`)).statusCode,
      ).toBe(403);
      const served = await c.editor.request('POST', '/api/v1/registry/saved-filters', {
        name: 'Served',
        criteria: { minServedPercent: 5 },
      });
      const servedList = (
        await c.editor.request(
          'GET',
          `/api/v1/registry/saved-filters/${served.json<{ id: string }>().id}/list`,
        )
      ).json<{ count: number }>();
      expect(servedList.count).toBe(5);
      const none = await c.editor.request(
        'PATCH',
        `/api/v1/registry/saved-filters/${served.json<{ id: string }>().id}`,
        { criteria: { minServedPercent: 90 } },
      );
      expect(none.statusCode).toBe(200);
      expect(
        (
          await c.editor.request(
            'GET',
            `/api/v1/registry/saved-filters/${served.json<{ id: string }>().id}/list`,
          )
        ).json<{ count: number }>().count,
      ).toBe(0);
    });

    it('CSV export: preamble with author and rule, one row per entry, neutralised, no hidden records', async () => {
      const res = await c.viewer.request('GET', `/api/v1/registry/saved-filters/${filterId}/list.csv`);
      expect(res.statusCode).toBe(200);
      const rows = parseCsv(res.body).map((r) => r.fields);
      expect(rows.find((r) => r[0] === 'sealed_records_not_listed')![1]).toBe('1');
      expect(rows.find((r) => r[0] === 'generated_by')![1]).toMatch(/^viewer-/);
      const header = rows.findIndex((r) => r[0] === 'no');
      expect(
        rows
          .slice(header + 1)
          .map((r) => r[1])
          .sort(),
      ).toEqual([refs.old, refs.woman].sort());
      for (const hidden of [m.ill, m.anon, refs.ill, refs.anon, refs.sealed])
        expect(res.body).not.toContain(hidden);
    });

    it('PDF export: a real PDF with the embedded font, one entry per listed person, sealed not listed', async () => {
      const res = await c.editor.request('GET', `/api/v1/registry/saved-filters/${filterId}/list.pdf`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const pdf = res.rawPayload;
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const text = pdf.toString('latin1');
      expect(text).toMatch(/\/FontName \/[A-Z]{6}\+DejaVuSans/);
      expect(text).not.toMatch(/\/BaseFont \/Helvetica/);
      // Outline (bookmark) titles: one per entry, reference codes only.
      const titles = [...text.matchAll(/\/Title \((PP-[0-9A-Z]{8})\)/g)].map((x) => x[1]);
      expect(titles.sort()).toEqual([refs.old, refs.ill, refs.woman, refs.anon].sort());
      expect(text).not.toContain(refs.sealed);
      // The page content really draws the entries: count "n. " entry lines via the glyph stream length.
      // The page content really draws the entries: one 10 pt heading per entry, none without entries.
      expect(entryHeadings(pdf)).toBe(4);
      const json = (
        await c.editor.request('GET', `/api/v1/registry/saved-filters/${filterId}/list`)
      ).json<ReleaseList>();
      expect(entryHeadings(await releaseListPdf({ ...json, items: [], count: 0 }))).toBe(0);
      expect(entryHeadings(await releaseListPdf({ ...json, items: [...json.items, ...json.items] }))).toBe(8);
      const audit = await opened.ctx.db
        .selectFrom('audit_log')
        .select('detail')
        .where('action', '=', 'registry.release_list')
        .execute();
      expect(audit.map((a) => (JSON.parse(a.detail) as { format: string }).format)).toEqual(
        expect.arrayContaining(['json', 'csv', 'pdf']),
      );
      expect(audit.map((a) => a.detail).join()).not.toMatch(new RegExp(Object.values(m).join('|')));
    });
  });
}
