import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { IntakeService } from '../../src/modules/intake/intake.service';
import { loadIntakeConfig } from '../../src/modules/intake/intake.config';
import { KeyVault } from '../../src/modules/intake/key-vault';
import { RecipientKeysService } from '../../src/modules/intake/keys.service';
import { makeUser, TEST_PASSWORD } from '../support/factories';
import type { MatrixDeps, Who } from '../support/matrix';

/**
 * Access-matrix rows for the staff-side secure-channel routes. Written out by hand: only admins and editors
 * (records:write) work with submissions; reading content also needs one's own unlocked recipient key, which
 * no matrix caller has (so they get CONFLICT, proving the route was reached but nothing was decrypted);
 * revoking a key needs keys:manage (admins).
 */
const WRITERS = new Set<Who>(['admin', 'editor', 'author']);

export function intakeMatrix(d: MatrixDeps): Record<string, (who: Who) => Promise<void>> {
  let fixture: { id: string; fileId: string } | undefined;
  async function submission() {
    if (fixture) return fixture;
    const ctx = d.ctx();
    const owner = await makeUser(ctx, 'editor');
    const keys = new RecipientKeysService(ctx, new KeyVault(60_000));
    await keys.create({ actor: owner, sessionId: randomUUID(), csrfToken: 'x' }, TEST_PASSWORD);
    const service = new IntakeService(ctx, loadIntakeConfig({}));
    await service.submitPlain({
      lang: 'en',
      answers: { what: 'Fictional matrix submission' },
      files: [{ field: 'files', filename: 'a.txt', type: 'text/plain', data: Buffer.from('fictional') }],
    });
    const row = await ctx.db
      .selectFrom('intake_files')
      .select(['submission_id', 'id'])
      .executeTakeFirstOrThrow();
    fixture = { id: row.submission_id, fileId: row.id };
    return fixture;
  }

  /** 401 for anonymous, 403 for signed-in callers without records:write; true when the caller may proceed. */
  const gate = (who: Who, res: Parameters<MatrixDeps['expectError']>[0]): boolean => {
    if (who === 'anonymous') {
      d.expectError(res, 401, 'UNAUTHENTICATED');
      return false;
    }
    if (!WRITERS.has(who)) {
      d.expectError(res, 403, 'FORBIDDEN');
      return false;
    }
    return true;
  };

  return {
    'GET /api/v1/intake/key': async (who) => {
      const res = await d.call(who, 'GET', '/api/v1/intake/key');
      if (gate(who, res)) expect(res.json()).toMatchObject({ hasKey: false, unlocked: false });
    },
    'POST /api/v1/intake/key': async (who) => {
      const res = await d.call(who, 'POST', '/api/v1/intake/key', { password: 'not the password' });
      if (gate(who, res)) d.expectError(res, 401, 'INVALID_CREDENTIALS');
    },
    'POST /api/v1/intake/key/unlock': async (who) => {
      const res = await d.call(who, 'POST', '/api/v1/intake/key/unlock', { password: TEST_PASSWORD });
      if (gate(who, res)) d.expectError(res, 404, 'NOT_FOUND');
    },
    'POST /api/v1/intake/key/lock': async (who) => {
      const res = await d.call(who, 'POST', '/api/v1/intake/key/lock');
      if (gate(who, res)) expect(res.statusCode).toBe(200);
    },
    'POST /api/v1/intake/key/reprotect': async (who) => {
      const res = await d.call(who, 'POST', '/api/v1/intake/key/reprotect', {
        currentPassword: TEST_PASSWORD,
        newPassword: 'not the password',
      });
      if (gate(who, res)) d.expectError(res, 401, 'INVALID_CREDENTIALS');
    },
    'GET /api/v1/intake/recipients': async (who) => {
      await submission();
      const res = await d.call(who, 'GET', '/api/v1/intake/recipients');
      if (gate(who, res)) expect(res.json<{ items: unknown[] }>().items.length).toBeGreaterThan(0);
    },
    'POST /api/v1/intake/recipients/:id/revoke': async (who) => {
      const res = await d.call(who, 'POST', `/api/v1/intake/recipients/${randomUUID()}/revoke`);
      if (who === 'anonymous') return d.expectError(res, 401, 'UNAUTHENTICATED');
      if (who !== 'admin') return d.expectError(res, 403, 'FORBIDDEN');
      d.expectError(res, 404, 'NOT_FOUND');
    },
    'GET /api/v1/intake/submissions': async (who) => {
      const { id } = await submission();
      const res = await d.call(who, 'GET', '/api/v1/intake/submissions');
      if (gate(who, res))
        expect(res.json<{ items: Array<{ id: string }> }>().items.map((i) => i.id)).toContain(id);
      expect(res.body).not.toContain('Fictional matrix submission');
    },
    'GET /api/v1/intake/submissions/:id': async (who) => {
      const { id } = await submission();
      const res = await d.call(who, 'GET', `/api/v1/intake/submissions/${id}`);
      if (gate(who, res)) d.expectError(res, 409, 'CONFLICT');
      expect(res.body).not.toContain('Fictional matrix submission');
      const missing = await d.call(who, 'GET', `/api/v1/intake/submissions/${randomUUID()}`);
      if (gate(who, missing)) d.expectError(missing, 404, 'NOT_FOUND');
    },
    'GET /api/v1/intake/submissions/:id/files/:fileId': async (who) => {
      const { id, fileId } = await submission();
      const res = await d.call(who, 'GET', `/api/v1/intake/submissions/${id}/files/${fileId}`);
      if (gate(who, res)) d.expectError(res, 409, 'CONFLICT');
      expect(res.body).not.toContain('fictional');
    },
    'PATCH /api/v1/intake/submissions/:id': async (who) => {
      const { id } = await submission();
      const res = await d.call(who, 'PATCH', `/api/v1/intake/submissions/${id}`, { tags: [`t-${who}`] });
      if (gate(who, res)) expect(res.json()).toMatchObject({ tags: [`t-${who}`] });
    },
    'POST /api/v1/intake/submissions/:id/replies': async (who) => {
      const { id } = await submission();
      const res = await d.call(who, 'POST', `/api/v1/intake/submissions/${id}/replies`, { text: 'hello' });
      if (gate(who, res)) d.expectError(res, 409, 'CONFLICT');
    },
    'POST /api/v1/intake/submissions/:id/triage': async (who) => {
      const { id } = await submission();
      const res = await d.call(who, 'POST', `/api/v1/intake/submissions/${id}/triage`, {
        person: { consent: 'confidential', names: [{ script: 'latn', value: 'Zqmatrix Fictional' }] },
      });
      if (gate(who, res)) d.expectError(res, 409, 'CONFLICT');
    },
    'DELETE /api/v1/intake/submissions/:id': async (who) => {
      const { id } = await submission();
      const res = await d.call(who, 'DELETE', `/api/v1/intake/submissions/${randomUUID()}`);
      if (gate(who, res)) d.expectError(res, 404, 'NOT_FOUND');
      const still = await d
        .ctx()
        .db.selectFrom('intake_submissions')
        .select('id')
        .where('id', '=', id)
        .executeTakeFirst();
      expect(still).toBeDefined();
    },
  };
}
