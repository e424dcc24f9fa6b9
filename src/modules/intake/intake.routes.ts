import cluster from 'node:cluster';
import { z } from 'zod';
import { okView } from '../../core/auth/auth.schema';
import type { AppContext } from '../../core/context';
import { requirePermission, requireSession } from '../../core/http/guards';
import type { App } from '../../core/http/types';
import { loadIntakeConfig, type IntakeConfig } from './intake.config';
import {
  fileParams,
  fileQuery,
  idParams,
  keyStatusView,
  listQuery,
  passwordBody,
  presentSubmission,
  recipientListView,
  replyBody,
  reprotectBody,
  submissionDetailView,
  submissionListView,
  submissionView,
  triageBody,
  triageView,
  updateBody,
} from './intake.schema';
import { IntakeService } from './intake.service';
import { KeyVault, vaultTtlMs } from './key-vault';
import { WorkerVault } from './key-vault.ipc';
import { RecipientKeysService } from './keys.service';
import { TriageService } from './triage.service';

/**
 * Staff-side secure-channel routes, on the staff app (never on the intake site). Working with submissions
 * needs records:write (admins and editors); reading content additionally needs the caller's own recipient
 * key unlocked in this session. Revoking another person's key needs keys:manage.
 */
export function registerIntakeRoutes(app: App, ctx: AppContext, intakeConfig?: IntakeConfig): void {
  const cfg = intakeConfig ?? loadIntakeConfig();
  // Serving workers share the main process's vault, so an unlock holds on every worker.
  const vault = cluster.isWorker ? new WorkerVault() : new KeyVault(vaultTtlMs(ctx.config));
  const keys = new RecipientKeysService(ctx, vault);
  const intake = new IntakeService(ctx, cfg);
  const triage = new TriageService(ctx, intake, vault);
  // An unlocked key lives no longer than its session: dropped on sign-out at once, and a sweep every
  // minute catches sessions that ended otherwise (expiry, password change, account disabled).
  const sweep = () =>
    keys
      .sweepVault()
      .catch((err: unknown) => ctx.logger.error({ intakeError: (err as Error).name }, 'key sweep failed'));
  const timer = setInterval(() => void sweep(), 60_000);
  timer.unref();
  app.addHook('onClose', (_instance, done) => {
    clearInterval(timer);
    done();
  });
  // onSend: before the sign-out answer leaves, so the key is gone by the time the client hears "ok".
  app.addHook('onSend', async (req, _reply, payload) => {
    if (req.routeOptions.url === '/api/v1/auth/logout') await sweep();
    return payload;
  });
  const config = { access: 'session' as const };
  const tags = ['intake'];
  const writer = (req: Parameters<typeof requireSession>[0]) => {
    requirePermission(req, 'records:write');
    return requireSession(req);
  };

  app.get(
    '/api/v1/intake/key',
    { config, schema: { tags, response: { 200: keyStatusView } } },
    async (req) => ({ ...(await keys.status(writer(req))), escrow: Boolean(cfg.escrowPublicKey) }),
  );
  app.post(
    '/api/v1/intake/key',
    { config, schema: { tags, body: passwordBody, response: { 200: z.object({ publicKey: z.string() }) } } },
    async (req) => keys.create(writer(req), req.body.password),
  );
  app.post(
    '/api/v1/intake/key/unlock',
    { config, schema: { tags, body: passwordBody, response: { 200: okView } } },
    async (req) => {
      await keys.unlock(writer(req), req.body.password);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/v1/intake/key/lock',
    { config, schema: { tags, response: { 200: okView } } },
    async (req) => {
      await keys.lock(writer(req));
      return { ok: true as const };
    },
  );
  app.post(
    '/api/v1/intake/key/reprotect',
    { config, schema: { tags, body: reprotectBody, response: { 200: okView } } },
    async (req) => {
      await keys.reprotect(writer(req), req.body.currentPassword, req.body.newPassword);
      return { ok: true as const };
    },
  );
  app.get(
    '/api/v1/intake/recipients',
    { config, schema: { tags, response: { 200: recipientListView } } },
    async (req) => {
      writer(req);
      const rows = await keys.list();
      return {
        items: rows.map((r) => ({
          id: r.id,
          userId: r.user_id,
          username: r.username,
          publicKey: r.public_key,
          status: r.status,
          createdAt: r.created_at,
          revokedAt: r.revoked_at,
        })),
        escrow: Boolean(cfg.escrowPublicKey),
      };
    },
  );
  app.post(
    '/api/v1/intake/recipients/:id/revoke',
    { config, schema: { tags, params: idParams, response: { 200: okView } } },
    async (req) => {
      await keys.revoke(requirePermission(req, 'keys:manage'), req.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/v1/intake/submissions',
    { config, schema: { tags, querystring: listQuery, response: { 200: submissionListView } } },
    async (req) => {
      writer(req);
      const { limit, offset, ...f } = req.query;
      return { items: (await triage.list(f, limit, offset)).map(presentSubmission) };
    },
  );
  app.get(
    '/api/v1/intake/submissions/:id',
    { config, schema: { tags, params: idParams, response: { 200: submissionDetailView } } },
    async (req) => {
      const d = await triage.read(writer(req), req.params.id);
      return {
        ...presentSubmission(d.submission),
        readable: d.readable,
        messages: d.messages,
        files: d.files,
        links: d.links,
      };
    },
  );
  app.get(
    '/api/v1/intake/submissions/:id/files/:fileId',
    {
      config,
      schema: {
        tags,
        params: fileParams,
        querystring: fileQuery,
        response: { 200: z.string().describe('the file') },
      },
    },
    async (req, reply) => {
      const f = await triage.file(writer(req), req.params.id, req.params.fileId, req.query.variant);
      // Always a download with a neutral type: a submitted file must never render in the staff origin.
      return reply
        .type('application/octet-stream')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`)
        .header('x-content-type-options', 'nosniff')
        .send(f.data as unknown as string);
    },
  );
  app.patch(
    '/api/v1/intake/submissions/:id',
    { config, schema: { tags, params: idParams, body: updateBody, response: { 200: submissionView } } },
    async (req) => presentSubmission(await triage.update(writer(req).actor, req.params.id, req.body)),
  );
  app.post(
    '/api/v1/intake/submissions/:id/replies',
    { config, schema: { tags, params: idParams, body: replyBody, response: { 200: okView } } },
    async (req) => {
      await triage.reply(writer(req), req.params.id, req.body.text);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/v1/intake/submissions/:id/triage',
    { config, schema: { tags, params: idParams, body: triageBody, response: { 201: triageView } } },
    async (req, reply) =>
      reply.status(201).send(await triage.triageToPerson(writer(req), req.params.id, req.body)),
  );
  app.delete(
    '/api/v1/intake/submissions/:id',
    { config, schema: { tags, params: idParams, response: { 200: okView } } },
    async (req) => {
      await triage.remove(writer(req).actor, req.params.id);
      return { ok: true as const };
    },
  );
}
