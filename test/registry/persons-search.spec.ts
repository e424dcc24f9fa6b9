import { describe, expect, it } from 'vitest';
import type { PersonView } from '../../src/modules/registry/registry.schema';
import { ENGINES } from '../support/context';
import { makePerson, nameMarker } from '../support/registry-factories';
import { page, usePersonsFixture } from './persons-fixture';

for (const engine of ENGINES) {
  describe(`registry persons: search and filters (${engine})`, () => {
    const f = usePersonsFixture(engine);
    const { u, markers, p, ids } = f;

    it('finds a person by any spelling, script and prefix', async () => {
      for (const q of [
        'Тихановский',
        'Ціханоўскі',
        'Tikhanovsky',
        'tsikhanouski',
        'Sergei Tikhanovsky',
        'Сергей',
        'Siarh',
        'Ціх',
        'тихан серг',
        'Pseudonym',
        'ЛЕАНІДАВІЧ',
      ]) {
        expect(await ids(u.editor, { q }), q).toEqual([p.multi.id]);
      }
      expect(await ids(u.editor, { q: 'Tikhanovsky Ivan' })).toEqual([]);
      expect(await ids(u.editor, { q: '!!' })).toEqual([]);
    });

    it('filters by article, court, judge, facility, status, group, region, gender and dates', async () => {
      const all = [p.pub, p.anon, p.conf, p.multi].map((x) => x.id);
      const expectIds = async (q: Record<string, string>, want: PersonView[]) =>
        expect(await ids(u.researcher, q), JSON.stringify(q)).toEqual(want.map((x) => x.id).sort());
      await expectIds({ article: '342' }, [p.pub, p.conf, p.multi]);
      await expectIds({ article: '130-3' }, [p.pub]);
      await expectIds({ court: 'Court A' }, [p.pub, p.conf]);
      await expectIds({ judge: 'Judge J' }, [p.pub]);
      await expectIds({ facility: 'Colony 9' }, [p.anon]);
      await expectIds({ status: 'released_pardon' }, [p.anon, p.multi]);
      await expectIds({ group: 'activist' }, [p.anon, p.conf, p.multi]);
      await expectIds({ group: 'politician' }, [p.multi]);
      await expectIds({ region: 'gomel' }, [p.anon, p.conf]);
      await expectIds({ gender: 'female' }, [p.pub]);
      await expectIds({ detainedFrom: '2022-01-01' }, [p.anon, p.conf]);
      await expectIds({ detainedFrom: '2020-01-01', detainedTo: '2021-12-31' }, [p.pub, p.multi]);
      await expectIds({ verdictFrom: '2021-07-01' }, [p.multi]);
      await expectIds({ article: '342', region: 'gomel', q: markers.conf }, [p.conf]);
      expect((await f.svc.list(u.researcher, page)).total).toBe(all.length);
      expect((await f.svc.list(u.editor, page)).total).toBe(all.length + 1);
    });

    it('a name search with case filters: every name part and one case meeting all case filters', async () => {
      const expectIds = async (q: Record<string, string>, want: PersonView[]) =>
        expect(await ids(u.researcher, q), JSON.stringify(q)).toEqual(want.map((x) => x.id).sort());
      await expectIds({ q: 'Siarhei Tsikhanouski', article: '293-1', court: 'Court C' }, [p.multi]);
      await expectIds({ q: 'Tsikhanouski', article: '293-1', court: 'Court A' }, []);
      await expectIds({ q: 'Сергей', facility: 'Colony 4', detainedTo: '2020-12-31' }, [p.multi]);
      await expectIds({ q: 'Сергей', facility: 'Colony 9' }, []);
      await expectIds({ q: 'Siarhei Zzyzxqv' }, []);
      // Two cases: article of one and court of the other do not make a match, with or without a name.
      const surname = nameMarker('Twocase');
      const two = await makePerson(f.opened.ctx, u.editor, 'public', {
        names: [{ script: 'latn', kind: 'primary', value: `${surname} Ivan` }],
        cases: [
          { articles: [{ article: '342' }], court: 'Court X1' },
          { articles: [{ article: '369' }], court: 'Court Y1' },
        ],
      });
      await expectIds({ q: `${surname} Ivan`, article: '342', court: 'Court X1' }, [two]);
      await expectIds({ q: `Ivan ${surname}`, article: '369', court: 'Court Y1' }, [two]);
      await expectIds({ q: surname, article: '342', court: 'Court Y1' }, []);
      await expectIds({ article: '342', court: 'Court Y1' }, []);
      await f.svc.remove(u.editor, two.id);
    });

    it('pages a name search with the total of all matches, past the end too', async () => {
      const surname = nameMarker('Paged');
      const made = [];
      for (const given of ['Ala', 'Ola', 'Ula'])
        made.push(
          await makePerson(f.opened.ctx, u.editor, 'public', {
            names: [{ script: 'latn', kind: 'primary', value: `${surname} ${given}` }],
          }),
        );
      const list = (offset: number) => f.svc.list(u.researcher, { q: surname, limit: 2, offset });
      const first = await list(0);
      const second = await list(2);
      const beyond = await list(5);
      expect([first.items.length, second.items.length, beyond.items.length]).toEqual([2, 1, 0]);
      expect([first.total, second.total, beyond.total]).toEqual([3, 3, 3]);
      expect([first.totalCapped, second.totalCapped, beyond.totalCapped]).toEqual([false, false, false]);
      // Every match exactly once across the pages.
      const seen = [...first.items, ...second.items].map((i) => i.id).sort();
      expect(seen).toEqual(made.map((m) => m.id).sort());
      for (const m of made) await f.svc.remove(u.editor, m.id);
    });
  });
}
