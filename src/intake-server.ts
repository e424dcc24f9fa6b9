import path from 'node:path';
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from './core/context';
import { AppError } from './core/errors';
import type { IntakeConfig } from './modules/intake/intake.config';
import { IntakeService, type ReturnVisit } from './modules/intake/intake.service';
import { KeyVault } from './modules/intake/key-vault';
import { GuessThrottle, ProofOfWork, TokenBucket } from './modules/intake/limits';
import { boundaryOf, MultipartError, parseMultipart, type MultipartBody } from './modules/intake/multipart';
import { LANGS, type Lang } from './modules/intake/questionnaire.data';
import {
  conversationPage,
  formPage,
  messagePage,
  receiptPage,
  returnPage,
  SITE_CSS,
} from './modules/intake/site/pages';
import { fill, SITE_STRINGS } from './modules/intake/site/site.i18n';
import { TriageService } from './modules/intake/triage.service';
import { repoRoot } from './server';

/**
 * The public intake site: a Fastify instance of its own, on its own port (normally behind a Tor onion
 * service), sharing nothing with the staff app but the database. It has only the intake routes, no cookies,
 * no sessions, no staff API; Fastify's request logging is off, nothing reads the client address, user agent
 * or referrer, and the error handler logs only an error's class.
 */
export const INTAKE_CSP = [
  "default-src 'none'",
  // WebAssembly (libsodium) needs 'wasm-unsafe-eval'; it permits compiling wasm only, not eval of JS.
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': INTAKE_CSP,
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
  'cache-control': 'no-store',
};

let clientBundle: Promise<string> | undefined;

/** Bundles site/client.ts with libsodium once per process (esbuild comes with tsx); served from our origin. */
export function intakeClientBundle(): Promise<string> {
  clientBundle ??= import('esbuild').then(async ({ build }) => {
    const out = await build({
      entryPoints: [path.join(repoRoot, 'src/modules/intake/site/client.ts')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2020',
      minify: true,
      write: false,
      logLevel: 'silent',
      legalComments: 'none',
    });
    return out.outputFiles[0]!.text;
  });
  return clientBundle;
}

const sealedMessage = z.object({
  ciphertext: z.string().min(40).max(200_000),
  keys: z
    .array(z.object({ holder: z.string().min(1).max(40), sealed: z.string().length(108) }))
    .min(1)
    .max(100),
});
const jsBody = z.object({
  pow: z.object({ challenge: z.string().max(200), nonce: z.string().max(64) }),
  lang: z.enum(LANGS),
  questionnaire: z.string().max(40).optional(),
  token: z.string().max(100).optional(),
  message: sealedMessage,
  files: z
    .array(z.object({ meta: z.string().min(40).max(4000), data: z.string().min(1) }))
    .max(20)
    .default([]),
});

interface SourceSession {
  visit: ReturnVisit;
  lang: Lang;
  expires: number;
}

export interface IntakeServer {
  app: ReturnType<typeof Fastify>;
  close(): Promise<void>;
}

export async function buildIntakeServer(ctx: AppContext, cfg: IntakeConfig) {
  const app = Fastify({
    logger: false,
    bodyLimit: cfg.maxRequestBytes,
    trustProxy: false,
    requestIdHeader: false,
    genReqId: () => '-',
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const intake = new IntakeService(ctx, cfg);
  const triage = new TriageService(ctx, intake, new KeyVault(0));
  const pow = new ProofOfWork(cfg.powBits);
  const submissions = new TokenBucket(
    Math.max(1, Math.ceil(cfg.submissionsPerMinute / 2)),
    cfg.submissionsPerMinute,
  );
  const guesses = new GuessThrottle(cfg.receiptChecksPerMinute);
  const sessions = new Map<string, SourceSession>();
  const bundle = await intakeClientBundle();
  const limits = {
    maxParts: cfg.maxFiles + 40,
    maxFiles: cfg.maxFiles,
    maxFileBytes: cfg.maxFileBytes,
    maxFieldBytes: 60_000,
  };

  app.addHook('onRoute', (route) => {
    if (route.config?.access !== 'public') throw new Error(`Intake route ${route.url} must be public`);
  });
  app.addHook('onSend', async (_req, reply) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) if (!reply.hasHeader(k)) reply.header(k, v);
    reply.removeHeader('x-powered-by');
  });
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (req, body, done) => {
    try {
      const boundary = boundaryOf(req.headers['content-type']);
      if (!boundary) throw new MultipartError('no boundary');
      done(null, parseMultipart(body as Buffer, boundary, limits));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  const langOf = (req: FastifyRequest, fallback?: string): Lang => {
    const q = (req.query as { lang?: unknown } | undefined)?.lang;
    const v = typeof q === 'string' ? q : fallback;
    return (LANGS as readonly string[]).includes(v ?? '') ? (v as Lang) : 'be';
  };
  const html = (reply: FastifyReply, page: string, status = 200) =>
    reply.status(status).type('text/html; charset=utf-8').send(page);
  const field = (b: MultipartBody, k: string): string => b.fields.get(k) ?? '';
  /** Every form on the site is multipart; anything else (e.g. an empty body) is refused. */
  const formBody = (req: FastifyRequest): MultipartBody => {
    const b = req.body as MultipartBody | undefined;
    if (!(b?.fields instanceof Map)) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
    return b;
  };

  app.setErrorHandler((err, req, reply) => {
    const e = err as { code?: string; statusCode?: number; name?: string };
    const tooLarge =
      e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ||
      (err instanceof MultipartError && err.tooLarge) ||
      (err instanceof AppError && err.code === 'PAYLOAD_TOO_LARGE');
    const status =
      err instanceof AppError ? err.status : tooLarge ? 413 : (e.statusCode ?? 500) < 500 ? 400 : 500;
    // Only the kind of failure: never the message, which might quote what a source typed.
    if (status >= 500)
      ctx.logger.error({ intakeError: e.name ?? 'Error', code: e.code }, 'intake request failed');
    const lang = langOf(req);
    const t = SITE_STRINGS[lang];
    const text = tooLarge
      ? t.tooLarge
      : status === 409 || status === 429
        ? t.unavailable
        : status === 400
          ? t.invalid
          : t.error;
    if (req.url.startsWith('/api/'))
      return reply.status(tooLarge ? 413 : status).send({
        error: { code: tooLarge ? 'PAYLOAD_TOO_LARGE' : err instanceof AppError ? err.code : 'BAD_INPUT' },
      });
    return html(reply, messagePage(lang, text), tooLarge ? 413 : status);
  });
  app.setNotFoundHandler((req, reply) =>
    html(reply, messagePage(langOf(req), SITE_STRINGS[langOf(req)].error), 404),
  );

  const config = { access: 'public' as const };

  app.get('/', { config }, async (req, reply) => {
    // ?q=<slug> picks one of several active questionnaires; the first one otherwise.
    const slug = (req.query as { q?: unknown } | undefined)?.q;
    const q = await intake.questionnaire(typeof slug === 'string' ? slug.slice(0, 40) : undefined);
    return html(reply, formPage(langOf(req), q.def, cfg));
  });
  app.get('/assets/intake.js', { config }, (_req, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(bundle),
  );
  app.get('/assets/intake.css', { config }, (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(SITE_CSS),
  );

  // ---- no-JavaScript path ----
  app.post('/submit', { config }, async (req, reply) => {
    const body = formBody(req);
    const lang = langOf(req, field(body, 'lang'));
    if (!submissions.take()) return html(reply, messagePage(lang, SITE_STRINGS[lang].unavailable), 429);
    const answers: Record<string, string> = {};
    for (const [k, v] of body.fields) if (k.startsWith('a_')) answers[k.slice(2)] = v;
    const q = await intake.questionnaire(field(body, 'questionnaire') || undefined);
    try {
      const receipt = await intake.submitPlain({ lang, slug: q.def.slug, answers, files: body.files });
      return html(reply, receiptPage(lang, receipt));
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION_FAILED')
        return html(
          reply,
          formPage(lang, q.def, cfg, { error: SITE_STRINGS[lang].invalid, values: answers }),
          400,
        );
      throw err;
    }
  });

  app.get('/return', { config }, (req, reply) => html(reply, returnPage(langOf(req))));

  app.post('/return', { config }, async (req, reply) => {
    const body = formBody(req);
    const lang = langOf(req, field(body, 'lang'));
    const t = SITE_STRINGS[lang];
    if (!guesses.allow())
      return html(reply, returnPage(lang, fill(t.tooMany, { s: guesses.retryAfter() })), 429);
    const visit = await intake.returnWith(field(body, 'receipt'));
    if (!visit) {
      await new Promise((r) => setTimeout(r, guesses.failed()));
      return html(reply, returnPage(lang, t.wrongReceipt), 401);
    }
    const token = openSession(visit, lang);
    return html(reply, conversationPage(lang, await intake.sourceView(visit), token, cfg));
  });

  app.post('/followup', { config }, async (req, reply) => {
    const body = formBody(req);
    const lang = langOf(req, field(body, 'lang'));
    const s = sessionOf(field(body, 'token'));
    if (!s) return html(reply, returnPage(lang, SITE_STRINGS[lang].sessionEnded), 401);
    if (!submissions.take()) return html(reply, messagePage(lang, SITE_STRINGS[lang].unavailable), 429);
    const text = field(body, 'text').trim().slice(0, 20_000);
    if (text || body.files.length) await intake.followUpPlain(s.visit, text, body.files);
    return html(
      reply,
      conversationPage(lang, await intake.sourceView(s.visit), field(body, 'token'), cfg, { sent: true }),
    );
  });

  // ---- JavaScript path (JSON, ciphertext only) ----
  app.get('/api/pow', { config }, () => pow.challenge());
  app.get('/api/recipients', { config }, async () => ({ holders: await intake.holders() }));

  const sealedFiles = (files: Array<{ meta: string; data: string }>) => {
    if (files.length > cfg.maxFiles) throw new AppError('PAYLOAD_TOO_LARGE');
    return files.map((f) => ({ meta: f.meta, data: Buffer.from(f.data, 'base64') }));
  };

  app.post('/api/submit', { config, schema: { body: jsBody } }, async (req) => {
    const b = req.body;
    if (!pow.redeem(b.pow.challenge, b.pow.nonce)) throw new AppError('FORBIDDEN');
    if (!submissions.take()) throw new AppError('RATE_LIMITED');
    const receipt = await intake.submitSealed({
      lang: b.lang,
      slug: b.questionnaire,
      message: b.message,
      files: sealedFiles(b.files),
    });
    return { receipt };
  });

  app.post('/api/followup', { config, schema: { body: jsBody } }, async (req) => {
    const b = req.body;
    if (!pow.redeem(b.pow.challenge, b.pow.nonce)) throw new AppError('FORBIDDEN');
    const s = sessionOf(b.token ?? '');
    if (!s) throw new AppError('UNAUTHENTICATED');
    if (!submissions.take()) throw new AppError('RATE_LIMITED');
    await intake.followUpSealed(s.visit, b.message, sealedFiles(b.files));
    return { ok: true };
  });

  /** Returning sources get a short-lived random token (a hidden form field, not a cookie), in memory only. */
  function openSession(visit: ReturnVisit, lang: Lang): string {
    const now = Date.now();
    for (const [k, v] of sessions)
      if (v.expires < now) {
        v.visit.privateKey.fill(0);
        sessions.delete(k);
      }
    const token = randomBytes(24).toString('base64url');
    sessions.set(token, { visit, lang, expires: now + 30 * 60_000 });
    return token;
  }
  function sessionOf(token: string): SourceSession | null {
    const s = sessions.get(token);
    if (!s || s.expires < Date.now()) return null;
    return s;
  }

  // Retention: delete expired submissions at start and then every hour.
  const purge = () =>
    triage
      .purgeExpired()
      .catch((err: unknown) => ctx.logger.error({ intakeError: (err as Error).name }, 'intake purge failed'));
  await purge();
  const timer = setInterval(() => void purge(), 3_600_000);
  timer.unref();
  app.addHook('onClose', (_instance, done) => {
    clearInterval(timer);
    for (const s of sessions.values()) s.visit.privateKey.fill(0);
    sessions.clear();
    done();
  });
  return { app, guesses, pow };
}
