import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { perWorkerLimit } from '../config';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { SESSION_COOKIE } from '../http/app';
import { requirePermission, requireSession } from '../http/guards';
import type { App } from '../http/types';
import type { AuthService } from './auth.service';
import { presentUser } from './auth.presenter';
import {
  changePasswordBody,
  createUserBody,
  loginBody,
  okView,
  sessionView,
  totpCodeBody,
  totpSetupView,
  updateUserBody,
  userIdParams,
  userView,
} from './auth.schema';

/** Sign-in attempts a client may make per minute (on top of the per-account lockout). */
const SIGN_INS_PER_MINUTE = 20;

export function registerAuthRoutes(app: App, ctx: AppContext, auth: AuthService): void {
  const setCookie = (reply: FastifyReply, token: string): void => {
    void reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: ctx.config.cookieSecure,
      path: '/',
      maxAge: ctx.config.sessionHours * 3600,
    });
  };

  app.post(
    '/api/v1/auth/login',
    {
      config: {
        access: 'public',
        rateLimit: { max: perWorkerLimit(ctx.config, SIGN_INS_PER_MINUTE), timeWindow: '1 minute' },
      },
      schema: { tags: ['auth'], body: loginBody, response: { 200: sessionView } },
    },
    async (req, reply) => {
      const result = await auth.login(req.body);
      setCookie(reply, result.token);
      return { user: presentUser(result.user), csrfToken: result.csrfToken };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { config: { access: 'session' }, schema: { tags: ['auth'], response: { 200: okView } } },
    async (req, reply) => {
      await auth.logout(requireSession(req));
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/v1/auth/session',
    { config: { access: 'session' }, schema: { tags: ['auth'], response: { 200: sessionView } } },
    async (req) => {
      const session = requireSession(req);
      const me = await auth.getUser(session.actor.id);
      if (!me) throw new AppError('UNAUTHENTICATED');
      return { user: presentUser(me), csrfToken: session.csrfToken };
    },
  );

  app.post(
    '/api/v1/account/password',
    {
      config: { access: 'session' },
      schema: { tags: ['account'], body: changePasswordBody, response: { 200: okView } },
    },
    async (req) => {
      await auth.changePassword(requireSession(req), req.body.currentPassword, req.body.newPassword);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/v1/account/totp/setup',
    { config: { access: 'session' }, schema: { tags: ['account'], response: { 200: totpSetupView } } },
    async (req) => auth.beginTotpSetup(requireSession(req)),
  );

  app.post(
    '/api/v1/account/totp/enable',
    {
      config: { access: 'session' },
      schema: { tags: ['account'], body: totpCodeBody, response: { 200: okView } },
    },
    async (req) => {
      await auth.setTotp(requireSession(req), true, req.body.code);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/v1/account/totp/disable',
    {
      config: { access: 'session' },
      schema: { tags: ['account'], body: totpCodeBody, response: { 200: okView } },
    },
    async (req) => {
      await auth.setTotp(requireSession(req), false, req.body.code);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/v1/users',
    {
      config: { access: 'session' },
      schema: { tags: ['users'], response: { 200: z.object({ items: z.array(userView) }) } },
    },
    async (req) => {
      requirePermission(req, 'users:manage');
      return { items: (await auth.listUsers()).map(presentUser) };
    },
  );

  app.post(
    '/api/v1/users',
    {
      config: { access: 'session' },
      schema: { tags: ['users'], body: createUserBody, response: { 201: userView } },
    },
    async (req, reply) => {
      const actor = requirePermission(req, 'users:manage');
      const user = await auth.createUser(actor, req.body);
      return reply.status(201).send(presentUser(user));
    },
  );

  app.patch(
    '/api/v1/users/:id',
    {
      config: { access: 'session' },
      schema: { tags: ['users'], params: userIdParams, body: updateUserBody, response: { 200: userView } },
    },
    async (req) => {
      const actor = requirePermission(req, 'users:manage');
      return presentUser(await auth.updateUser(actor, req.params.id, req.body));
    },
  );
}
