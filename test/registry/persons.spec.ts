import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PersonFactsService } from '../../src/modules/registry/person-facts.service';
import { caseInput, statusEventInput } from '../../src/modules/registry/registry.schema';
import { StatisticsService } from '../../src/modules/registry/statistics.service';
import { ENGINES } from '../support/context';
import { makePerson, nameMarker } from '../support/registry-factories';
import { page, usePersonsFixture } from './persons-fixture';

for (const engine of ENGINES) {
  describe(`registry persons (${engine})`, () => {
    const f = usePersonsFixture(engine);
    const { u, markers, p, ids } = f;

    it('viewer sees anonymised persons without identity, and no confidential or sealed ones', async () => {
      expect(await ids(u.viewer, {})).toEqual([p.pub.id, p.anon.id].sort());
      const anon = await f.svc.get(u.viewer, p.anon.id);
      expect(anon.identityHidden).toBe(true);
      expect(anon.displayName).toBe(anon.refCode);
      expect(anon.names).toBeUndefined();
      expect(anon.birthDate).toBeUndefined();
      expect(anon.description).toBeUndefined();
      expect(anon.region).toBe('gomel');
      expect(anon.cases[0]?.articles.map((a) => a.article)).toEqual(['369']);
      expect(JSON.stringify(anon)).not.toContain(markers.anon);
      // The hidden name is not searchable for the viewer either.
      expect(await ids(u.viewer, { q: markers.anon })).toEqual([]);
      await expect(f.svc.get(u.viewer, p.conf.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(f.svc.get(u.viewer, p.seal.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const full = await f.svc.get(u.researcher, p.anon.id);
      expect(full.names?.[0]?.value).toContain(markers.anon);
      expect(full.birthDate).toBe('1980-05-05');
    });

    it('sealed persons are visible only with a grant', async () => {
      for (const who of ['admin', 'researcher', 'viewer'] as const) {
        expect(await ids(u[who], { q: markers.seal }), who).toEqual([]);
        await expect(f.svc.get(u[who], p.seal.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      }
      expect(await ids(u.grantee, { q: markers.seal })).toEqual([p.seal.id]);
      expect((await f.svc.get(u.grantee, p.seal.id)).names?.[0]?.value).toContain(markers.seal);
      expect((await f.svc.get(u.editor, p.seal.id)).displayName).toContain(markers.seal);
    });

    it('analyst: 403 on records, statistics allowed', async () => {
      await expect(f.svc.list(u.analyst, page)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(f.svc.get(u.analyst, p.pub.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const stats = await new StatisticsService(f.opened.ctx).forActor(u.analyst);
      expect(stats.currentCount.count).toBeGreaterThan(0);
    });

    it('statistics count every tier and match the created data', async () => {
      const everyone = [p.pub, p.anon, p.conf, p.seal, p.multi];
      const current = everyone.filter(
        (x) => x.currentStatus === 'detained' || x.currentStatus === 'sentenced',
      );
      const s = await new StatisticsService(f.opened.ctx).compute('current', '2026-01-15');
      expect(s.currentCount.count).toBe(current.length);
      expect(s.currentCount.publicCount).toBe(current.filter((x) => x.consent === 'public').length);
      const tally = (keys: string[]) => {
        const m: Record<string, number> = {};
        for (const k of keys) m[k] = (m[k] ?? 0) + 1;
        return m;
      };
      const asMap = (cells: Array<{ key: string; count: number }>) =>
        Object.fromEntries(cells.map((c) => [c.key, c.count]));
      expect(asMap(s.byRegion)).toEqual(tally(current.map((x) => x.region ?? 'unknown')));
      expect(asMap(s.byArticle)).toEqual(
        tally(current.flatMap((x) => [...new Set(x.cases.flatMap((c) => c.articles.map((a) => a.article)))])),
      );
      expect(asMap(s.byFacility)).toEqual(
        tally(current.flatMap((x) => [...new Set(x.cases.map((c) => c.facility ?? ''))])),
      );
      const all = await new StatisticsService(f.opened.ctx).compute('all', '2026-01-15');
      expect(asMap(all.byStatus)).toEqual(tally(everyone.map((x) => x.currentStatus ?? 'unknown')));
      expect(asMap(all.byGroup)).toEqual(
        tally(everyone.flatMap((x) => (x.groups.length ? x.groups : ['none']))),
      );
      expect(s.recognitionsPerMonth.map((c) => [c.key, c.count])).toEqual([
        ['2021-02', 1],
        ['2022-04', 1],
      ]);
      expect(s.releasesPerMonth.map((c) => [c.key, c.kind, c.count])).toEqual([
        ['2024-07', 'pardon', 1],
        ['2025-06', 'pardon', 1],
      ]);
      // Months in custody computed by hand: first detention → 2026-01-15 (current) or → release date.
      const months = (from: string, to: string) => {
        const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
        const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
        return (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
      };
      const cur = current.map((x) => months(x.cases[0]!.detainedOn!, '2026-01-15')).sort((a, b) => a - b);
      expect(s.timeServed.current.persons).toBe(cur.length);
      expect(s.timeServed.current.medianMonths).toBe(cur[(cur.length - 1) / 2]);
      const rel = [months('2022-03-01', '2024-07-03'), months('2020-05-29', '2025-06-21')];
      expect(s.timeServed.released.medianMonths).toBe((rel[0]! + rel[1]!) / 2);
    });

    it.skipIf(engine !== 'sqlite')(
      'keeps confidential names out of the database file; public names may be there',
      () => {
        const file = f.env.config.database.engine === 'sqlite' ? f.env.config.database.file : '';
        const bytes = Buffer.concat(
          [file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)),
        ).toString('latin1');
        expect(bytes.length).toBeGreaterThan(0);
        for (const m of [
          markers.anon,
          markers.conf,
          markers.seal,
          'Pseudonymovich',
          'Anonymised description',
        ])
          expect(bytes.includes(m), m).toBe(false);
        // Cyrillic names are stored as UTF-8; look for their bytes too.
        expect(bytes.includes(Buffer.from('Тихановский', 'utf8').toString('latin1'))).toBe(false);
        expect(bytes.includes(markers.pub)).toBe(true);
        expect(path.basename(file)).toMatch(/\.(db|sqlite)/);
      },
    );

    it('changing consent re-encrypts names and follows the new tier', async () => {
      const m = nameMarker('Move');
      const person = await makePerson(f.opened.ctx, u.editor, 'public', {
        names: [{ script: 'latn', kind: 'primary', value: m }],
      });
      const clear = await f.opened.ctx.db
        .selectFrom('person_names')
        .select(['value', 'value_enc'])
        .where('person_id', '=', person.id)
        .execute();
      expect(clear).toEqual([{ value: m, value_enc: null }]);
      const updated = await f.svc.update(u.editor, person.id, {
        consent: 'confidential',
        version: person.version,
      });
      expect(updated.tier).toBe('confidential');
      expect(updated.names?.[0]?.value).toBe(m);
      const stored = await f.opened.ctx.db
        .selectFrom('person_names')
        .select(['value', 'value_enc'])
        .where('person_id', '=', person.id)
        .execute();
      expect(stored[0]?.value).toBeNull();
      expect(stored[0]?.value_enc).toBeTruthy();
      expect(await ids(u.viewer, { q: m })).toEqual([]);
      expect(await ids(u.editor, { q: m })).toEqual([person.id]);
      const cases = await f.opened.ctx.db
        .selectFrom('cases')
        .select('tier')
        .where('person_id', '=', person.id)
        .execute();
      expect(cases.every((c) => c.tier === 'confidential')).toBe(true);
      await expect(
        f.svc.update(u.editor, person.id, { region: 'brest', version: person.version }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      await f.svc.remove(u.editor, person.id);
      await expect(f.svc.get(u.editor, person.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(
        await f.opened.ctx.db
          .selectFrom('person_name_tokens')
          .select('token')
          .where('person_id', '=', person.id)
          .execute(),
      ).toEqual([]);
    });

    it('status events update the current status in the same transaction; cases can be edited', async () => {
      const facts = new PersonFactsService(f.opened.ctx);
      const person = await makePerson(f.opened.ctx, u.editor, 'confidential');
      const withCase = await facts.addCase(
        u.editor,
        person.id,
        caseInput.parse({ articles: [{ article: '361-4' }], facility: 'Colony 77' }),
      );
      const added = withCase.cases.find((c) => c.facility === 'Colony 77')!;
      expect(added.articles).toEqual([{ article: '361-4', label: 'Facilitating extremist activity' }]);
      const edited = await facts.updateCase(u.editor, person.id, added.id, {
        articles: [{ article: '342-2' }],
        version: added.version,
      });
      expect(edited.cases.find((c) => c.id === added.id)?.articles[0]?.label).toMatch(/part 2/);
      const released = await facts.addStatusEvent(
        u.editor,
        person.id,
        statusEventInput.parse({
          status: 'released_end_of_term',
          occurredOn: '2025-01-01',
          caseId: added.id,
        }),
      );
      expect([released.currentStatus, released.currentStatusOn]).toEqual([
        'released_end_of_term',
        '2025-01-01',
      ]);
      // An older event does not override the latest one.
      const older = await facts.addStatusEvent(
        u.editor,
        person.id,
        statusEventInput.parse({ status: 'detained', occurredOn: '2020-01-01' }),
      );
      expect(older.currentStatus).toBe('released_end_of_term');
      await expect(facts.addCase(u.viewer, person.id, caseInput.parse({}))).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(facts.addCase(u.researcher, person.id, caseInput.parse({}))).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      const gone = await facts.deleteCase(u.editor, person.id, added.id);
      expect(gone.cases.some((c) => c.id === added.id)).toBe(false);
      await f.svc.remove(u.editor, person.id);
    });

    it('stores a status note only encrypted, bound to its event, and shows it to whom may read it', async () => {
      const facts = new PersonFactsService(f.opened.ctx);
      const person = await makePerson(f.opened.ctx, u.editor, 'public');
      // A note carrying personal detail (fictional): must never sit in the database in clear.
      const note = `Fictional: released to daughter ${nameMarker('Note')} at the colony gate`;
      const view = await facts.addStatusEvent(
        u.editor,
        person.id,
        statusEventInput.parse({ status: 'released_pardon', occurredOn: '2025-03-03', note }),
      );
      const event = view.statusEvents.find((e) => e.occurredOn === '2025-03-03')!;
      expect(event.note).toBe(note);
      const raw = await f.opened.ctx.db
        .selectFrom('status_events')
        .selectAll()
        .where('person_id', '=', person.id)
        .execute();
      expect(raw.map((r) => Object.keys(r)).flat()).not.toContain('note');
      const stored = raw.find((r) => r.id === event.id)!;
      expect(stored.note_enc).toBeTruthy();
      expect(JSON.stringify(raw)).not.toContain('daughter');
      expect(f.opened.ctx.keyring.decrypt(stored.note_enc!, `status_events:${event.id}:note`)).toBe(note);
      // Moved to another row, the ciphertext no longer opens.
      expect(() => f.opened.ctx.keyring.decrypt(stored.note_enc!, `status_events:other:note`)).toThrow();
      // A viewer sees the public record and its history, but not the free-text note.
      const seen = await f.svc.get(u.viewer, person.id);
      expect(seen.statusEvents.find((e) => e.id === event.id)?.note ?? null).toBeNull();
      await f.svc.remove(u.editor, person.id);
    });

    it('audits reads of confidential records with ids only', async () => {
      await f.svc.get(u.researcher, p.conf.id);
      const rows = await f.opened.ctx.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'person.read')
        .where('entity_id', '=', p.conf.id)
        .execute();
      expect(rows.length).toBeGreaterThan(0);
      const all = JSON.stringify(await f.opened.ctx.db.selectFrom('audit_log').selectAll().execute());
      for (const m of Object.values(markers)) expect(all.includes(m)).toBe(false);
    });
  });
}
