import type { FastifyRequest } from 'fastify';
import { can, type Actor, type Permission } from '../access';
import type { SessionInfo } from '../auth/auth.service';
import { AppError } from '../errors';

export function requireSession(req: FastifyRequest): SessionInfo {
  if (!req.session) throw new AppError('UNAUTHENTICATED');
  return req.session;
}

export function requirePermission(req: FastifyRequest, permission: Permission): Actor {
  const { actor } = requireSession(req);
  if (!can(actor, permission)) throw new AppError('FORBIDDEN');
  return actor;
}
