import type { LightMyRequestResponse } from 'fastify';
import type { Actor } from '../../src/core/access';
import type { AppContext } from '../../src/core/context';
import type { Method } from './session';

/**
 * Shared by the access-matrix files (test/api/access-policy.ts and the modules' *-matrix.ts): the kinds of
 * caller every row runs as, and what a module's matrix needs from the spec that runs it
 * (test/api/access-matrix.spec.ts). The expected policy itself stays written out in each matrix file.
 */
export type Who =
  'admin' | 'editor' | 'researcher' | 'analyst' | 'viewer' | 'grantee' | 'author' | 'anonymous';
export type Member = Exclude<Who, 'anonymous'>;

export interface MatrixDeps {
  ctx(): AppContext;
  actor(who: Member): Actor;
  call(who: Who, method: Method, url: string, body?: unknown): Promise<LightMyRequestResponse>;
  expectSameAsMissing(
    who: Who,
    method: Method,
    url: (id: string) => string,
    id: string,
    body?: unknown,
  ): Promise<void>;
  expectError(res: LightMyRequestResponse, status: number, code: string): void;
}
