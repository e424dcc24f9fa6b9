import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keyring } from '../../src/core/crypto/keyring';
import { masterKeySource } from '../../src/core/crypto/master-key';
import { openDatabase } from '../../src/core/db/database';
import { decryptJson, openSealedKey, sodium, unb64 } from '../../src/modules/intake/intake.crypto';
import { KeyVault } from '../../src/modules/intake/key-vault';
import { RecipientKeysService } from '../../src/modules/intake/keys.service';
import { CUSTODY_FIRST } from '../../src/modules/intake/triage.service';
import { maxStoredFileBytes } from '../../src/modules/intake/intake.crypto';
import { FILE_PAD_FLOOR } from '../../src/modules/intake/padding';
import { ENGINES } from '../support/context';
import { TEST_PASSWORD } from '../support/factories';
import {
  everythingStored,
  FORWARDED_IP,
  identifyingHeaders,
  jpegWithExif,
  jsSubmit,
  multipart,
  openHarness,
  receiptFrom,
  SOURCE_IP,
  storedParts,
  SOURCE_UA,
  type IntakeHarness,
} from './intake-support';

const marker = (kind: string): string => `Zq${kind}${randomBytes(6).toString('hex')}`;

for (const engine of ENGINES) {
  describe(`secure channel end to end (${engine})`, () => {
    let h: IntakeHarness;
    const plain = {
      nojsWhat: marker('NojsWhat'),
      nojsWho: marker('NojsWho'),
      nojsFileText: marker('NojsFile'),
      exif: marker('ExifGps'),
      jsWhat: marker('JsWhat'),
      jsFile: marker('JsFile'),
      followUp: marker('Follow'),
      reply: marker('Reply'),
    };
    const receipts = { nojs: '', js: '' };
    const ids = { nojs: '', js: '' };

    beforeAll(async () => {
      h = await openHarness(engine);
      // The recipient creates a key pair (protected by the account password) and has it unlocked.
      const res = await h.call('POST', '/api/v1/intake/key', { password: TEST_PASSWORD });
      expect(res.statusCode, res.body).toBe(200);
    });
    afterAll(async () => h?.close());

    it('accepts a no-JavaScript submission and shows a 16-digit receipt once', async () => {
      const form = multipart(
        { lang: 'en', questionnaire: 'report', a_what: plain.nojsWhat, a_who: plain.nojsWho, a_when: '' },
        [
          { name: 'photo.jpg', type: 'image/jpeg', data: jpegWithExif(plain.exif) },
          { name: 'notes.txt', type: 'text/plain', data: Buffer.from(plain.nojsFileText) },
        ],
      );
      const res = await h.site.app.inject({
        method: 'POST',
        url: '/submit',
        remoteAddress: SOURCE_IP,
        headers: { ...form.headers, ...identifyingHeaders },
        payload: form.payload,
      });
      expect(res.statusCode, res.body).toBe(200);
      receipts.nojs = receiptFrom(res.body);
      expect(receipts.nojs).toMatch(/^\d{16}$/);
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    });

    it('accepts a JavaScript-path submission of ciphertext only, with a proof of work', async () => {
      const res = await jsSubmit(
        h,
        { v: 1, kind: 'submission', lang: 'ru', questionnaire: 'report', answers: { what: plain.jsWhat } },
        [{ name: 'scan.txt', type: 'text/plain', data: Buffer.from(plain.jsFile) }],
      );
      expect(res.statusCode, res.body).toBe(200);
      receipts.js = res.json<{ receipt: string }>().receipt;
      expect(receipts.js).toMatch(/^\d{16}$/);
      expect(receipts.js).not.toBe(receipts.nojs);
      const rows = await h.opened.ctx.db
        .selectFrom('intake_submissions')
        .select(['id', 'path', 'received_on', 'receipt_hash'])
        .execute();
      ids.nojs = rows.find((r) => r.path === 'nojs')!.id;
      ids.js = rows.find((r) => r.path === 'js')!.id;
      for (const r of rows) {
        expect(r.received_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(r.receipt_hash).toMatch(/^\$argon2id\$/);
      }
    });

    it('refuses a reused or unsolved proof of work', async () => {
      const pow = (await h.site.app.inject({ method: 'GET', url: '/api/pow' })).json<{ challenge: string }>();
      const body = {
        pow: { challenge: pow.challenge, nonce: 'not-a-solution-zz' },
        lang: 'en',
        message: { ciphertext: 'x'.repeat(60), keys: [{ holder: 'h', sealed: 'a'.repeat(108) }] },
      };
      // With 4 bits a random nonce solves it 1 time in 16; vary until one does not.
      const res = await h.site.app.inject({ method: 'POST', url: '/api/submit', payload: body });
      expect([403, 409]).toContain(res.statusCode);
      const forged = await h.site.app.inject({
        method: 'POST',
        url: '/api/submit',
        payload: {
          ...body,
          pow: { challenge: `${Date.now() + 60_000}.abc.forgedsignature0000`, nonce: '0' },
        },
      });
      expect(forged.statusCode).toBe(403);
    });

    it('stores no plaintext, no IP address and no user agent anywhere (database, files, logs)', async () => {
      const all = await everythingStored(h);
      // The scan does see what is stored: the ciphertext of each submission's first message is in it.
      const stored = await h.opened.ctx.db.selectFrom('intake_messages').select('ciphertext').execute();
      expect(stored.length).toBe(2);
      for (const m of stored) expect(all.includes(Buffer.from(m.ciphertext.slice(0, 60)))).toBe(true);
      for (const [k, v] of Object.entries(plain)) {
        if (k === 'reply' || k === 'followUp') continue;
        expect(all.includes(Buffer.from(v)), `plaintext ${k} found`).toBe(false);
      }
      for (const v of [SOURCE_IP, FORWARDED_IP, SOURCE_UA, 'zq-referrer.example', receipts.nojs, receipts.js])
        expect(all.includes(Buffer.from(v)), `${v.slice(0, 12)}… found`).toBe(false);
      // Stored attachments carry day-rounded modification times only.
      const dir = path.join(h.env.dataDir, 'files', 'intake');
      for (const f of fs.readdirSync(dir)) {
        const st = fs.statSync(path.join(dir, f));
        expect(st.mtime.toISOString()).toMatch(/T00:00:00\.000Z$/);
      }
      expect(fs.statSync(dir).mtime.toISOString()).toMatch(/T00:00:00\.000Z$/);
    });

    it('the scan finds a marker placed in the database, the data folder or the logs (so it can fail)', async () => {
      const probe = { db: marker('ProbeDb'), file: marker('ProbeFile'), log: marker('ProbeLog') };
      const patch = await h.call('PATCH', `/api/v1/intake/submissions/${ids.js}`, { tags: [probe.db] });
      expect(patch.statusCode, patch.body).toBe(200);
      const probeFile = path.join(h.env.dataDir, 'files', 'probe.bin');
      fs.writeFileSync(probeFile, `..${probe.file}..`);
      h.opened.ctx.logger.warn(`probe ${probe.log}`);
      try {
        const p = storedParts(h);
        expect(p.database.includes(Buffer.from(probe.db)), 'database scan').toBe(true);
        expect(p.files.includes(Buffer.from(probe.file)), 'file scan').toBe(true);
        expect(p.logs.includes(Buffer.from(probe.log)), 'log scan').toBe(true);
        expect(p.database.includes(Buffer.from(probe.file))).toBe(false);
      } finally {
        fs.rmSync(probeFile);
        await h.call('PATCH', `/api/v1/intake/submissions/${ids.js}`, { tags: [] });
      }
    });

    it('pads what it stores: short reports and small files all have one stored size', async () => {
      const msgs = await h.opened.ctx.db.selectFrom('intake_messages').select('ciphertext').execute();
      expect(new Set(msgs.map((m) => m.ciphertext.length)).size).toBe(1);
      const files = await h.opened.ctx.db
        .selectFrom('intake_files')
        .select(['size_bytes', 'meta_enc'])
        .execute();
      expect(files).toHaveLength(3);
      for (const f of files) expect(f.size_bytes).toBe(maxStoredFileBytes(FILE_PAD_FLOOR));
      expect(new Set(files.map((f) => f.meta_enc.length)).size).toBe(1);
    });

    it('a copy of the database and files (even with the master key) cannot decrypt a JS-path submission without the password', async () => {
      // A second, independent opening of the same stored data: no process memory, no unlocked keys.
      const handle = openDatabase(h.env.config.database);
      try {
        const { keyring } = await Keyring.open(handle.db, masterKeySource(h.env.config.masterKey));
        const ctx = { ...h.opened.ctx, db: handle.db, keyring };
        const keys = new RecipientKeysService(ctx, new KeyVault(60_000));
        const row = await handle.db
          .selectFrom('intake_recipients')
          .selectAll()
          .where('status', '=', 'active')
          .executeTakeFirstOrThrow();
        const s = await sodium();
        const msg = await handle.db
          .selectFrom('intake_messages')
          .selectAll()
          .where('submission_id', '=', ids.js)
          .executeTakeFirstOrThrow();
        const sealed = await handle.db
          .selectFrom('intake_message_keys')
          .select(['holder', 'sealed_key'])
          .where('message_id', '=', msg.id)
          .execute();
        expect(sealed.map((k) => k.holder)).toEqual([row.id]);
        // Wrong passwords (and the master-key-derived keys) open nothing.
        for (const guess of ['', 'password', `${TEST_PASSWORD} `, 'correct horse battery stapler'])
          expect(await keys.openSecretKey(row, guess)).toBeNull();
        const derived = keyring.deriveKey('intake-receipt-index');
        expect(() => decryptJson(s, new Uint8Array(derived), msg.ciphertext)).toThrow();
        expect(() =>
          openSealedKey(s, sealed[0]!.sealed_key, unb64(row.public_key), new Uint8Array(32)),
        ).toThrow();
        // The positive control: with the password, the same copy opens it, so the test can fail.
        const sk = await keys.openSecretKey(row, TEST_PASSWORD);
        expect(sk).not.toBeNull();
        const key = openSealedKey(s, sealed[0]!.sealed_key, unb64(row.public_key), sk!);
        expect(JSON.stringify(decryptJson(s, key, msg.ciphertext))).toContain(plain.jsWhat);
      } finally {
        await handle.close();
      }
    });

    it('lets the recipient read both submissions and get a metadata-stripped copy of a photo', async () => {
      const list = await h.call('GET', '/api/v1/intake/submissions');
      expect(list.statusCode, list.body).toBe(200);
      expect(
        list
          .json<{ items: Array<{ id: string }> }>()
          .items.map((i) => i.id)
          .sort(),
      ).toEqual([ids.nojs, ids.js].sort());
      expect(list.body).not.toContain(plain.nojsWhat);
      const nojs = await h.call('GET', `/api/v1/intake/submissions/${ids.nojs}`);
      expect(nojs.statusCode, nojs.body).toBe(200);
      expect(nojs.body).toContain(plain.nojsWhat);
      expect(nojs.body).toContain(plain.nojsWho);
      const js = await h.call('GET', `/api/v1/intake/submissions/${ids.js}`);
      expect(js.body).toContain(plain.jsWhat);
      const files = nojs.json<{ files: Array<{ id: string; meta: { name: string } }> }>().files;
      const photo = files.find((f) => f.meta.name === 'photo.jpg')!;
      const original = await h.call('GET', `/api/v1/intake/submissions/${ids.nojs}/files/${photo.id}`);
      expect(original.statusCode).toBe(200);
      expect(original.headers['content-type']).toBe('application/octet-stream');
      expect(original.rawPayload.includes(Buffer.from(plain.exif))).toBe(true);
      const stripped = await h.call(
        'GET',
        `/api/v1/intake/submissions/${ids.nojs}/files/${photo.id}?variant=stripped`,
      );
      expect(stripped.statusCode).toBe(200);
      expect(stripped.rawPayload.includes(Buffer.from(plain.exif))).toBe(false);
      expect(stripped.rawPayload.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
      const text = files.find((f) => f.meta.name === 'notes.txt')!;
      const plainFile = await h.call('GET', `/api/v1/intake/submissions/${ids.nojs}/files/${text.id}`);
      expect(plainFile.body).toBe(plain.nojsFileText);
    });

    it('the source returns with the receipt, reads a reply and answers; a wrong receipt is rejected', async () => {
      const reply = await h.call('POST', `/api/v1/intake/submissions/${ids.js}/replies`, {
        text: plain.reply,
      });
      expect(reply.statusCode, reply.body).toBe(200);
      const wrong = multipart({ lang: 'en', receipt: '1234 5678 1234 5678' });
      const bad = await h.site.app.inject({
        method: 'POST',
        url: '/return',
        headers: wrong.headers,
        payload: wrong.payload,
      });
      expect(bad.statusCode).toBe(401);
      expect(bad.body).not.toContain(plain.reply);
      const other = multipart({ lang: 'en', receipt: receipts.nojs });
      const otherRes = await h.site.app.inject({ method: 'POST', url: '/return', ...other });
      expect(otherRes.statusCode).toBe(200);
      expect(otherRes.body).not.toContain(plain.reply);
      const form = multipart({ lang: 'en', receipt: receipts.js.replace(/(\d{4})/g, '$1 ') });
      const res = await h.site.app.inject({ method: 'POST', url: '/return', ...form });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).toContain(plain.reply);
      const token = /name="token" value="([^"]+)"/.exec(res.body)![1]!;
      const follow = multipart({ lang: 'en', token, text: plain.followUp });
      const sent = await h.site.app.inject({
        method: 'POST',
        url: '/followup',
        remoteAddress: SOURCE_IP,
        headers: { ...follow.headers, ...identifyingHeaders },
        payload: follow.payload,
      });
      expect(sent.statusCode, sent.body).toBe(200);
      const detail = await h.call('GET', `/api/v1/intake/submissions/${ids.js}`);
      expect(detail.body).toContain(plain.followUp);
      // Stored replies are unreadable without the receipt: not in clear anywhere.
      const all = await everythingStored(h);
      for (const v of [plain.reply, plain.followUp, SOURCE_UA, SOURCE_IP])
        expect(all.includes(Buffer.from(v))).toBe(false);
    });

    it('triages a submission into a registry record, a violation and evidence items whose custody log starts with the secure channel', async () => {
      const res = await h.call('POST', `/api/v1/intake/submissions/${ids.js}/triage`, {
        person: {
          consent: 'confidential',
          names: [{ script: 'latn', kind: 'primary', value: 'Zqfictional Personovich' }],
        },
        violation: { tier: 'confidential', type: 'arbitrary_detention', place: 'Fictional town' },
      });
      expect(res.statusCode, h.logs.filter((l) => l.includes('"level":50')).join('\n')).toBe(201);
      const out = res.json<{ personId: string; custody: Array<{ event: string; sha256?: string }> }>();
      expect(out.custody[0]!.event).toBe(CUSTODY_FIRST);
      const sub = await h.opened.ctx.db
        .selectFrom('intake_submissions')
        .select(['content_hash', 'status', 'keep'])
        .where('id', '=', ids.js)
        .executeTakeFirstOrThrow();
      expect(out.custody[0]!.sha256).toBe(sub.content_hash);
      expect(sub).toMatchObject({ status: 'triaged', keep: 1 });
      // The report and its attachment became evidence items, linked to the record, with their own custody.
      const evidenceIds = res.json<{ evidenceIds: string[] }>().evidenceIds;
      expect(evidenceIds).toHaveLength(2);
      for (const eid of evidenceIds) {
        const custody = await h.call('GET', `/api/v1/evidence/${eid}/custody`);
        expect(custody.statusCode, custody.body).toBe(200);
        expect(custody.json<{ items: Array<{ event: string }> }>().items[0]!.event).toBe('received');
      }
      const links = await h.opened.ctx.db
        .selectFrom('intake_links')
        .select(['entity_type', 'custody'])
        .where('submission_id', '=', ids.js)
        .execute();
      expect(links.map((l) => l.entity_type).sort()).toEqual(['evidence', 'evidence', 'person', 'violation']);
      const violationId = res.json<{ violationId: string }>().violationId;
      const violation = await h.call('GET', `/api/v1/violations/${violationId}`);
      expect(violation.statusCode, violation.body).toBe(200);
      expect(violation.json<{ victims: Array<{ personId: string }> }>().victims[0]!.personId).toBe(
        out.personId,
      );
      for (const l of links) {
        const first = (JSON.parse(l.custody) as Array<{ event: string; sha256: string }>)[0]!;
        expect(first).toMatchObject({ event: CUSTODY_FIRST, sha256: sub.content_hash });
      }
      const person = await h.call('GET', `/api/v1/persons/${out.personId}`);
      expect(person.statusCode, person.body).toBe(200);
      const detail = await h.call('GET', `/api/v1/intake/submissions/${ids.js}`);
      expect(detail.json<{ links: Array<{ entityId: string }> }>().links[0]!.entityId).toBe(out.personId);
    });

    it('tags, assigns and expires: retention deletes unkept submissions and destroys their keys', async () => {
      const patch = await h.call('PATCH', `/api/v1/intake/submissions/${ids.nojs}`, {
        tags: ['court', 'minsk'],
        assignedTo: h.recipient.id,
      });
      expect(patch.statusCode, patch.body).toBe(200);
      expect(patch.json()).toMatchObject({ tags: ['court', 'minsk'], assignedTo: h.recipient.id });
      const byTag = await h.call('GET', '/api/v1/intake/submissions?tag=court');
      expect(byTag.json<{ items: unknown[] }>().items).toHaveLength(1);
      const { db } = h.opened.ctx;
      await db.updateTable('intake_submissions').set({ expires_on: '2000-01-01' }).execute();
      const filesBefore = fs.readdirSync(path.join(h.env.dataDir, 'files', 'intake')).length;
      const { TriageService } = await import('../../src/modules/intake/triage.service');
      const { IntakeService } = await import('../../src/modules/intake/intake.service');
      const service = new TriageService(
        h.opened.ctx,
        new IntakeService(h.opened.ctx, h.cfg),
        new KeyVault(0),
      );
      expect(await service.purgeExpired()).toBe(1); // the triaged one is kept
      const left = await db.selectFrom('intake_submissions').select('id').execute();
      expect(left.map((r) => r.id)).toEqual([ids.js]);
      const orphanKeys = await db
        .selectFrom('intake_message_keys')
        .innerJoin('intake_messages', 'intake_messages.id', 'intake_message_keys.message_id')
        .select('intake_messages.submission_id')
        .where('intake_messages.submission_id', '=', ids.nojs)
        .execute();
      expect(orphanKeys).toEqual([]);
      expect(fs.readdirSync(path.join(h.env.dataDir, 'files', 'intake')).length).toBe(filesBefore - 2);
    });

    it('revocation stops new submissions reaching the key and deletes its sealed copies', async () => {
      const recipients = await h.call('GET', '/api/v1/intake/recipients');
      const rid = recipients.json<{ items: Array<{ id: string }> }>().items[0]!.id;
      const admin = await import('../support/factories').then((m) => m.makeUser(h.opened.ctx, 'admin'));
      const { openSession, asSession } = await import('../support/session');
      const adminSession = await openSession(h.staff, admin.username);
      expect(
        (await asSession(h.staff, adminSession, 'POST', `/api/v1/intake/recipients/${rid}/revoke`))
          .statusCode,
      ).toBe(200);
      const held = await h.opened.ctx.db
        .selectFrom('intake_message_keys')
        .select('holder')
        .where('holder', '=', rid)
        .execute();
      expect(held).toEqual([]);
      // No active recipient now: the site refuses rather than store something nobody can read.
      const form = multipart({ lang: 'en', a_what: marker('Orphan') });
      const res = await h.site.app.inject({ method: 'POST', url: '/submit', ...form });
      expect(res.statusCode).toBe(409);
      expect((await h.call('GET', `/api/v1/intake/submissions/${ids.js}`)).statusCode).toBe(409);
    });

    it('the intake site exposes no staff API and sets strict headers', async () => {
      for (const url of [
        '/api/v1/auth/session',
        '/api/health',
        '/api/openapi.json',
        '/api/v1/intake/submissions',
      ]) {
        const res = await h.site.app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(404);
      }
      const page = await h.site.app.inject({ method: 'GET', url: '/?lang=be' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('lang="be"');
      expect(page.body).toContain('id="quick-exit"');
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.body).not.toMatch(/https?:\/\/(?!www\.wikipedia\.org\/)/);
    });

    it('works under an .onion host name with the Origin Tor Browser sends, and never echoes the host', async () => {
      const onion = `${'zq'.repeat(28)}.onion`;
      const headers = { host: onion, origin: `http://${onion}` };
      const page = await h.site.app.inject({ method: 'GET', url: '/?lang=ru', headers });
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain(onion);
      expect(page.headers['content-security-policy']).not.toMatch(/upgrade-insecure|https:/);
      expect(page.headers['strict-transport-security']).toBeUndefined();
      expect((await h.site.app.inject({ method: 'GET', url: '/api/pow', headers })).statusCode).toBe(200);
      // A form POST under Referrer-Policy no-referrer carries "Origin: null": it must not be refused for it.
      const wrong = multipart({ lang: 'en', receipt: '9999 8888 7777 6666' });
      const res = await h.site.app.inject({
        method: 'POST',
        url: '/return',
        headers: { ...wrong.headers, host: onion, origin: 'null' },
        payload: wrong.payload,
      });
      expect(res.statusCode).toBe(401);
      expect(res.body).toContain('This receipt was not recognised.');
      expect(res.body).not.toContain('9999');
      expect(res.body).not.toContain(onion);
      const holders = await h.site.app.inject({ method: 'GET', url: '/api/recipients', headers });
      expect(holders.statusCode).toBe(200);
      expect(holders.body).not.toContain(onion);
    });
  });
}

for (const engine of ENGINES) {
  describe(`receipt guessing (${engine})`, () => {
    let h: IntakeHarness;
    beforeAll(async () => {
      h = await openHarness(engine, { SUPOLKA_INTAKE_RECEIPT_CHECKS_PER_MINUTE: '2' });
    });
    afterAll(async () => h?.close());

    it('rejects a wrong receipt and then refuses further checks for a while', async () => {
      // Two different client addresses: the limit is site-wide, keyed on nothing a source brings.
      const attempt = async (receipt: string, remoteAddress: string) => {
        const form = multipart({ lang: 'en', receipt });
        return h.site.app.inject({ method: 'POST', url: '/return', remoteAddress, ...form });
      };
      const first = await attempt('0000 0000 0000 0001', '203.0.113.1');
      expect(first.statusCode).toBe(401);
      expect(first.body).toContain('This receipt was not recognised.');
      const second = await attempt('0000 0000 0000 0002', '198.51.100.2');
      expect(second.statusCode).toBe(429);
      expect(second.body).toMatch(/Too many attempts/);
      expect(h.site.guesses.recentFailures).toBe(1);
    });
  });
}
