import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../support/context';
import { TEST_PASSWORD } from '../support/factories';
import { IntakeService } from '../../src/modules/intake/intake.service';
import { DEFAULT_QUESTIONNAIRE } from '../../src/modules/intake/questionnaire.data';
import { jsSubmit, multipart, openHarness, receiptFrom, type IntakeHarness } from './intake-support';

/** Configurable questionnaires in be/ru/en, and the intake site's size limits. */
const witness = {
  slug: 'witness',
  title: { be: 'Сведка Zqbe', ru: 'Свидетель Zqru', en: 'Witness Zqen' },
  intro: { be: 'Уводзіны', ru: 'Введение', en: 'Introduction' },
  fields: [
    {
      key: 'seen',
      kind: 'textarea',
      label: { be: 'Што вы бачылі?', ru: 'Что вы видели?', en: 'What did you see?' },
      required: true,
      maxLength: 300,
    },
  ],
  files: false,
};

for (const engine of ENGINES) {
  describe(`intake questionnaires and limits (${engine})`, () => {
    let h: IntakeHarness;
    beforeAll(async () => {
      h = await openHarness(engine, { SUPOLKA_INTAKE_MAX_FILES: '2', SUPOLKA_INTAKE_MAX_FILE_BYTES: '2048' });
      expect((await h.call('POST', '/api/v1/intake/key', { password: TEST_PASSWORD })).statusCode).toBe(200);
    });
    afterAll(async () => h?.close());

    it('adds a questionnaire from data, offers it in be/ru/en, and refuses an incomplete one', async () => {
      const service = new IntakeService(h.opened.ctx, h.cfg);
      await service.saveQuestionnaire(witness, true);
      expect((await service.listQuestionnaires()).map((q) => q.slug)).toEqual(['report', 'witness']);
      for (const [lang, title] of Object.entries(witness.title)) {
        const page = await h.site.app.inject({ method: 'GET', url: `/?q=witness&lang=${lang}` });
        expect(page.statusCode).toBe(200);
        expect(page.body).toContain(title);
        expect(page.body).toContain(`lang="${lang}"`);
        expect(page.body).not.toContain('type="file"');
      }
      const fallback = await h.site.app.inject({ method: 'GET', url: '/?lang=en' });
      expect(fallback.body).toContain(DEFAULT_QUESTIONNAIRE.title.en);
      const missingBe = { ...witness, slug: 'broken', title: { ru: 'x', en: 'x' } };
      await expect(service.saveQuestionnaire(missingBe, true)).rejects.toThrow();
      expect((await service.listQuestionnaires()).map((q) => q.slug)).not.toContain('broken');
      // A submission through it is checked against its fields (required, length).
      const empty = multipart({ lang: 'be', questionnaire: 'witness', a_seen: '' });
      expect((await h.site.app.inject({ method: 'POST', url: '/submit', ...empty })).statusCode).toBe(400);
      const long = multipart({ lang: 'be', questionnaire: 'witness', a_seen: 'x'.repeat(301) });
      expect((await h.site.app.inject({ method: 'POST', url: '/submit', ...long })).statusCode).toBe(400);
      const ok = multipart({ lang: 'be', questionnaire: 'witness', a_seen: 'Fictional witness account' });
      const res = await h.site.app.inject({ method: 'POST', url: '/submit', ...ok });
      expect(res.statusCode, res.body).toBe(200);
      expect(receiptFrom(res.body)).toMatch(/^\d{16}$/);
      // Replacing it by slug changes the page; nothing else is affected.
      await service.saveQuestionnaire(
        { ...witness, title: { ...witness.title, en: 'Witness v2 Zqen' } },
        true,
      );
      const v2 = await h.site.app.inject({ method: 'GET', url: '/?q=witness&lang=en' });
      expect(v2.body).toContain('Witness v2 Zqen');
      expect((await h.site.app.inject({ method: 'GET', url: '/?q=nonexistent' })).statusCode).toBe(404);
    });

    it('refuses a file over the size limit or too many files on both paths, storing nothing', async () => {
      const before = await h.opened.ctx.db.selectFrom('intake_submissions').select('id').execute();
      const big = { name: 'big.bin', type: 'application/octet-stream', data: Buffer.alloc(2049, 1) };
      const small = { name: 's.txt', type: 'text/plain', data: Buffer.from('fictional') };
      const huge = multipart({ lang: 'en', a_what: 'Fictional' }, [big]);
      // The form posts to /submit?lang=…, so even a refused upload is answered in the source's language.
      const r1 = await h.site.app.inject({ method: 'POST', url: '/submit?lang=ru', ...huge });
      expect(r1.statusCode).toBe(413);
      expect(r1.body).toContain('lang="ru"');
      const form = await h.site.app.inject({ method: 'GET', url: '/?lang=ru' });
      expect(form.body).toContain('action="/submit?lang=ru"');
      const many = multipart({ lang: 'en', a_what: 'Fictional' }, [small, small, small]);
      expect((await h.site.app.inject({ method: 'POST', url: '/submit', ...many })).statusCode).toBe(413);
      const body = { v: 1, kind: 'submission', answers: { what: 'Fictional' } };
      expect((await jsSubmit(h, body, [small, small, small])).statusCode).toBe(413);
      // A padded file just under the limit is accepted on the JavaScript path…
      const edge = { name: 'e.bin', type: 'application/octet-stream', data: Buffer.alloc(2048, 2) };
      expect((await jsSubmit(h, body, [edge, edge])).statusCode).toBe(200);
      const after = await h.opened.ctx.db.selectFrom('intake_submissions').select('id').execute();
      expect(after.length).toBe(before.length + 1);
    });
  });
}
