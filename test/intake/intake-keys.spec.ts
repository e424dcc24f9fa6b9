import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { b64, decryptJson, openSealedKey, sodium } from '../../src/modules/intake/intake.crypto';
import { KeyVault } from '../../src/modules/intake/key-vault';
import { RecipientKeysService } from '../../src/modules/intake/keys.service';
import { ENGINES } from '../support/context';
import { TEST_PASSWORD } from '../support/factories';
import { multipart, openHarness, receiptFrom, type IntakeHarness } from './intake-support';

/** Key change (re-sealing), password re-protection, and the optional escrow key. */
for (const engine of ENGINES) {
  describe(`recipient keys and escrow (${engine})`, () => {
    let h: IntakeHarness;
    let escrow: { publicKey: Uint8Array; privateKey: Uint8Array };
    const text = `ZqEscrowed${randomBytes(6).toString('hex')}`;

    beforeAll(async () => {
      const s = await sodium();
      escrow = s.crypto_box_keypair();
      h = await openHarness(engine, { SUPOLKA_INTAKE_ESCROW_PUBLIC_KEY: b64(escrow.publicKey) });
      expect((await h.call('POST', '/api/v1/intake/key', { password: TEST_PASSWORD })).statusCode).toBe(200);
    });
    afterAll(async () => h?.close());

    it('tells staff and sources that escrow is on, and seals every message to it', async () => {
      expect((await h.call('GET', '/api/v1/intake/key')).json()).toMatchObject({
        escrow: true,
        unlocked: true,
      });
      const page = await h.site.app.inject({ method: 'GET', url: '/?lang=en' });
      expect(page.body).toContain('this organisation keeps a recovery key');
      const form = multipart({ lang: 'en', a_what: text });
      const res = await h.site.app.inject({ method: 'POST', url: '/submit', ...form });
      expect(receiptFrom(res.body)).toMatch(/^\d{16}$/);
      const { db } = h.opened.ctx;
      const msg = await db.selectFrom('intake_messages').selectAll().executeTakeFirstOrThrow();
      const sealed = await db
        .selectFrom('intake_message_keys')
        .select('sealed_key')
        .where('message_id', '=', msg.id)
        .where('holder', '=', 'escrow')
        .executeTakeFirstOrThrow();
      const s = await sodium();
      const key = openSealedKey(s, sealed.sealed_key, escrow.publicKey, escrow.privateKey);
      expect(JSON.stringify(decryptJson(s, key, msg.ciphertext))).toContain(text);
    });

    it('a key change re-seals existing messages to the new key and revokes the old one', async () => {
      const before = (await h.call('GET', '/api/v1/intake/key')).json<{ publicKey: string }>().publicKey;
      const res = await h.call('POST', '/api/v1/intake/key', { password: TEST_PASSWORD });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<{ publicKey: string }>().publicKey).not.toBe(before);
      const recipients = await h.call('GET', '/api/v1/intake/recipients');
      expect(
        recipients
          .json<{ items: Array<{ status: string }> }>()
          .items.map((r) => r.status)
          .sort(),
      ).toEqual(['active', 'revoked']);
      const id = (await h.call('GET', '/api/v1/intake/submissions')).json<{ items: Array<{ id: string }> }>()
        .items[0]!.id;
      expect((await h.call('GET', `/api/v1/intake/submissions/${id}`)).body).toContain(text);
    });

    it('locks, refuses a wrong password, unlocks, and re-protects under a new password', async () => {
      expect((await h.call('POST', '/api/v1/intake/key/lock')).statusCode).toBe(200);
      const id = (await h.call('GET', '/api/v1/intake/submissions')).json<{ items: Array<{ id: string }> }>()
        .items[0]!.id;
      expect((await h.call('GET', `/api/v1/intake/submissions/${id}`)).statusCode).toBe(409);
      expect(
        (await h.call('POST', '/api/v1/intake/key/unlock', { password: 'wrong password!' })).statusCode,
      ).toBe(401);
      expect(
        (await h.call('POST', '/api/v1/intake/key/unlock', { password: TEST_PASSWORD })).statusCode,
      ).toBe(200);
      expect((await h.call('GET', `/api/v1/intake/submissions/${id}`)).body).toContain(text);
      // The account password changes; the key is re-protected under the new one (the old one still needed).
      const next = 'a new fictional passphrase';
      expect(
        (
          await h.call('POST', '/api/v1/account/password', {
            currentPassword: TEST_PASSWORD,
            newPassword: next,
          })
        ).statusCode,
      ).toBe(200);
      const re = await h.call('POST', '/api/v1/intake/key/reprotect', {
        currentPassword: TEST_PASSWORD,
        newPassword: next,
      });
      expect(re.statusCode, re.body).toBe(200);
      expect(
        (await h.call('POST', '/api/v1/intake/key/unlock', { password: TEST_PASSWORD })).statusCode,
      ).toBe(401);
      expect((await h.call('POST', '/api/v1/intake/key/unlock', { password: next })).statusCode).toBe(200);
    });

    it('an unlocked key does not outlive its session: a sweep drops it after sign-out', async () => {
      const password = 'a new fictional passphrase';
      const vault = new KeyVault(60_000);
      const keys = new RecipientKeysService(h.opened.ctx, vault);
      const sessionsOf = async () =>
        (
          await h.opened.ctx.db
            .selectFrom('sessions')
            .select('id')
            .where('user_id', '=', h.recipient.id)
            .execute()
        ).map((r) => r.id);
      const live = await sessionsOf();
      expect(live.length).toBeGreaterThan(0);
      const actor = h.recipient;
      for (const sessionId of live) await keys.unlock({ actor, sessionId, csrfToken: 'x' }, password);
      await keys.unlock({ actor, sessionId: randomUUID(), csrfToken: 'x' }, password);
      expect(await vault.sessionIds()).toHaveLength(live.length + 1);
      await keys.sweepVault();
      expect((await vault.sessionIds()).sort()).toEqual([...live].sort());
      // The staff app sweeps its own vault as soon as someone signs out (its key was unlocked above).
      const swept = vi.spyOn(KeyVault.prototype, 'sweep');
      expect((await h.call('POST', '/api/v1/auth/logout')).statusCode).toBe(200);
      expect(swept).toHaveBeenCalledTimes(1);
      swept.mockRestore();
      const after = await sessionsOf();
      expect(after.length).toBe(live.length - 1);
      await keys.sweepVault();
      expect((await vault.sessionIds()).sort()).toEqual(after.sort());
    });
  });
}
