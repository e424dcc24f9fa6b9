import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { AuthService } from '../auth/auth.service';
import { perWorkerLimit } from '../config';
import type { AppContext } from '../context';
import { inArrivalOrder } from '../db/arrival-order';
import { AppError } from '../errors';
import { errorHandler } from './error-handler';
import type { App } from './types';

export const SESSION_COOKIE = 'supolka_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface BuildOptions {
  /** Folder with the built web UI (index.html and assets); omitted in API-only tests. */
  webDir?: string | undefined;
  routes: (app: App, ctx: AppContext, auth: AuthService) => void;
}

export const contentSecurityPolicy = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** What helmet sends, for the few answers given before its hook can run (see frameworkErrors). */
const FALLBACK_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': Object.entries(contentSecurityPolicy)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join(';'),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'SAMEORIGIN',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

export async function buildApp(ctx: AppContext, options: BuildOptions): Promise<App> {
  // Typed as the base logger so the instance matches the App type shared by route modules.
  const logger: FastifyBaseLogger = ctx.logger;
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: ctx.config.bodyLimitBytes,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    trustProxy: false,
    // A malformed percent-encoding or an over-long path parameter is refused before routing, so no hook
    // (helmet, correlation id) has run: answer it like any other bad input, with the same headers.
    frameworkErrors: (_err, req, reply) => {
      void reply.headers(FALLBACK_SECURITY_HEADERS).header('x-correlation-id', req.id);
      errorHandler(new AppError('BAD_INPUT'), req, reply);
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.decorateRequest('session', null);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Supolka API',
        version: '1',
        description: 'Political-prisoner registry, accountability, sanctions alignment and name matching.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy },
    crossOriginEmbedderPolicy: true,
    referrerPolicy: { policy: 'no-referrer' },
    hsts: ctx.config.cookieSecure,
  });
  await app.register(fastifyRateLimit, {
    max: perWorkerLimit(ctx.config, ctx.config.rateLimitPerMinute),
    timeWindow: '1 minute',
    // Keys live in memory only; nothing about a caller's address is written anywhere.
    errorResponseBuilder: () => new AppError('RATE_LIMITED'),
  });

  const auth = new AuthService(ctx);

  // Deny by default: a route that does not declare its access refuses to register.
  app.addHook('onRoute', (route) => {
    const access: unknown = route.config?.access;
    if (access !== 'public' && access !== 'session') {
      throw new Error(`Route ${String(route.method)} ${route.url} does not declare config.access`);
    }
  });

  // Everything a request starts queues for SQLite's connection by the request's arrival (oldest first).
  app.addHook('onRequest', (_req, _reply, done) => inArrivalOrder(done));

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-correlation-id', req.id);
    if (!req.url.startsWith('/api/')) return;
    reply.header('cache-control', 'no-store');
    req.session = await auth.authenticate(req.cookies[SESSION_COOKIE]);
    const access = req.routeOptions.config.access;
    if (access === 'session' && !req.session) throw new AppError('UNAUTHENTICATED');
    if (!SAFE_METHODS.has(req.method)) checkCsrf(req.session?.csrfToken, req.headers);
  });

  // A client that gave up (timeout, closed tab) while its request waited for the database gets no answer
  // anyway: skip the handler rather than do the work. Under overload, doing it anyway is what turns a
  // slow server into a collapsing one (the work of abandoned requests delays every new one).
  app.addHook('preHandler', (req, reply, done) => {
    // Hijacked, the reply counts as sent, and Fastify stops before the handler.
    if (req.raw.socket?.destroyed) void reply.hijack();
    done();
  });

  // PostgreSQL cannot store a NUL character in text (SQLite can): refuse it at the edge for both engines,
  // so the same input gets the same clear 400 everywhere instead of a database error.
  app.addHook('preValidation', (req, _reply, done) => {
    const fromUrl = [req.query, req.params].flatMap((o) =>
      o && typeof o === 'object' ? Object.entries(o) : [],
    );
    if (containsNul(fromUrl) || containsNul(req.body)) {
      done(new AppError('VALIDATION_FAILED', 'Text may not contain NUL characters.'));
      return;
    }
    done();
  });

  options.routes(app, ctx, auth);

  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, () => app.swagger());

  if (options.webDir && fs.existsSync(path.join(options.webDir, 'index.html'))) {
    // serve:false — we add the one route ourselves so it carries an access declaration like every other.
    await app.register(fastifyStatic, { root: options.webDir, serve: false });
    const indexHtml = fs.readFileSync(path.join(options.webDir, 'index.html'));
    app.get('/assets/*', { config: { access: 'public' }, schema: { hide: true } }, (req, reply) => {
      const rel = (req.params as { '*': string })['*'];
      return reply.header('cache-control', 'public, max-age=31536000, immutable').sendFile(`assets/${rel}`);
    });
    app.setNotFoundHandler((req, reply) => {
      // A missing asset is a 404, not index.html: HTML served as a script only hides a broken deploy.
      if (req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/assets/')) {
        return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(indexHtml);
      }
      throw new AppError('NOT_FOUND');
    });
  } else {
    app.setNotFoundHandler(() => {
      throw new AppError('NOT_FOUND');
    });
  }
  return app;
}

/**
 * State-changing requests must carry the session's CSRF token in a header (which a cross-site form cannot
 * set). Before sign-in there is no session, so we require a same-origin Origin header when one is sent.
 */
function checkCsrf(
  expected: string | undefined,
  headers: Record<string, string | string[] | undefined>,
): void {
  if (expected) {
    if (headers['x-csrf-token'] !== expected) throw new AppError('CSRF_FAILED');
    return;
  }
  const origin = headers.origin;
  const host = headers.host;
  if (typeof origin === 'string' && origin !== 'null') {
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      throw new AppError('CSRF_FAILED');
    }
    if (originHost !== host) throw new AppError('CSRF_FAILED');
  } else if (origin === 'null') {
    throw new AppError('CSRF_FAILED');
  }
}

function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 32 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => containsNul(v, depth + 1));
  // Only parsed JSON and query objects: a streamed body (uploads) or a Buffer is not text to inspect.
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || containsNul(v, depth + 1));
}
