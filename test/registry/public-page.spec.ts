import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access';
import type { OpenedContext } from '../../src/core/bootstrap';
import type { App } from '../../src/core/http/types';
import { buildTestApp } from '../support/api';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeUser } from '../support/factories';
import { makePerson, nameMarker } from '../support/registry-factories';

for (const engine of ENGINES) {
  describe(`public page (${engine})`, () => {
    let env: TestEnv;
    let opened: OpenedContext;
    let app: App;
    let editor: Actor;
    const pub = nameMarker('Pubpage');
    const hidden = {
      anon: nameMarker('Anonpage'),
      conf: nameMarker('Confpage'),
      seal: nameMarker('Sealpage'),
    };
    let anonRef = '';

    beforeAll(async () => {
      env = await createTestEnv(engine);
      opened = await openTestContext(env);
      app = await buildTestApp(opened);
      editor = await makeUser(opened.ctx, 'editor');
      await makePerson(opened.ctx, editor, 'public', {
        names: [
          { script: 'latn', kind: 'primary', value: `${pub} Latin` },
          { script: 'be', kind: 'primary', value: `${pub} Беларуская` },
          { script: 'ru', kind: 'primary', value: `${pub} Русская` },
        ],
        region: 'brest',
        cases: [{ articles: [{ article: '342' }], facility: 'Public Colony 1', detainedOn: '2021-01-01' }],
      });
      await makePerson(opened.ctx, editor, 'public', {
        names: [{ script: 'latn', kind: 'primary', value: '<script>alert(1)</script> "Quote" & Co' }],
        region: 'brest',
      });
      anonRef = (
        await makePerson(opened.ctx, editor, 'anonymised', {
          names: [{ script: 'latn', value: hidden.anon }],
          region: 'vitebsk',
        })
      ).refCode;
      await makePerson(opened.ctx, editor, 'confidential', {
        names: [{ script: 'latn', value: hidden.conf }],
        region: 'vitebsk',
        cases: [{ articles: [{ article: '370' }], facility: 'Secret Facility Z' }],
      });
      await makePerson(opened.ctx, editor, 'sealed', {
        names: [{ script: 'latn', value: hidden.seal }],
        region: 'vitebsk',
      });
      // Everyone "current" so the distributions are filled (the page caches its figures for a minute).
      await opened.ctx.db
        .updateTable('persons')
        .set({ current_status: 'detained', current_status_on: '2022-01-01' })
        .execute();
    });
    afterAll(async () => {
      await app?.close();
      await opened?.close();
      await env?.destroy();
    });

    const get = (url: string, headers: Record<string, string> = {}) =>
      app.inject({ method: 'GET', url, headers });
    const assertNoHidden = (html: string) => {
      for (const m of Object.values(hidden)) expect(html.includes(m), m).toBe(false);
      expect(html.includes(anonRef)).toBe(false);
    };

    it('lists only public persons, in plain HTML without scripts, with figures', async () => {
      const res = await get('/public?lang=en');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
      const html = res.body;
      expect(html).toContain(`${pub} Latin`);
      expect(html).toContain('Public Colony 1');
      expect(html).toContain('Records found: 2');
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/\sstyle=/i);
      expect(html).toContain('<link rel="stylesheet" href="/public/style.css">');
      assertNoHidden(html);
    });

    it('escapes names', async () => {
      const html = (await get('/public?lang=en')).body;
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &quot;Quote&quot; &amp; Co');
      expect(html).not.toContain('<script>alert(1)');
    });

    it('suppresses small cells made only of non-public persons, shows cells with a public person', async () => {
      const res = await opened.ctx.db.selectFrom('persons').select('id').execute();
      expect(res.length).toBe(5);
      const html = (await get('/public?lang=en')).body;
      expect(html).toMatch(/<td>vitebsk<\/td><td class="num">fewer than 5<\/td>/);
      expect(html).toMatch(/<td>brest<\/td><td class="num">2<\/td>/);
      expect(html).toMatch(/<td>370<\/td><td class="num">fewer than 5<\/td>/);
      expect(html).not.toContain('Secret Facility Z');
      expect(html).toMatch(/Current political prisoners \(registry count\): <strong>5<\/strong>/);
      assertNoHidden(html);
    });

    it('searches by name with a GET form, never matching hidden names', async () => {
      const found = (await get(`/public?lang=en&q=${encodeURIComponent(pub.slice(0, 8))}`)).body;
      expect(found).toContain('Records found: 1');
      expect(found).toContain(`value="${pub.slice(0, 8)}"`);
      for (const m of Object.values(hidden)) {
        const html = (await get(`/public?lang=en&q=${encodeURIComponent(m)}`)).body;
        expect(html).toContain('Records found: 0');
      }
      const xss = (await get(`/public?q=${encodeURIComponent('"><script>x</script>')}`)).body;
      expect(xss).not.toContain('<script>x');
    });

    it('speaks be, ru and en by ?lang= or Accept-Language and shows the name in that script', async () => {
      const be = await get('/public', { 'accept-language': 'be-BY,be;q=0.9,en;q=0.5' });
      expect(be.body).toContain('<html lang="be">');
      expect(be.body).toContain(`${pub} Беларуская`);
      const ru = await get('/public', { 'accept-language': 'de;q=1, ru;q=0.8' });
      expect(ru.body).toContain('<html lang="ru">');
      expect(ru.body).toContain(`${pub} Русская`);
      const en = await get('/public?lang=en', { 'accept-language': 'ru' });
      expect(en.body).toContain('<html lang="en">');
      expect(en.body).toContain('Political prisoners in Belarus');
    });

    it('serves the stylesheet and cites sources of published figures', async () => {
      const css = await get('/public/style.css');
      expect(css.statusCode).toBe(200);
      expect(css.headers['content-type']).toMatch(/text\/css/);
      await opened.ctx.db
        .insertInto('published_figures')
        .values({
          id: crypto.randomUUID(),
          as_of: '2026-01-31',
          metric: 'political_prisoners_current',
          value_text: '1158',
          value: 1158,
          source_org: 'Test <Org>',
          source_url: 'https://example.org/x?a=1&b=2',
          quote: null,
        })
        .execute();
      const html = (await get('/public?lang=en')).body;
      expect(html).toContain(
        '<a href="https://example.org/x?a=1&amp;b=2" rel="noopener noreferrer nofollow">Test &lt;Org&gt;</a>',
      );
    });
  });
}
