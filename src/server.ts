import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AuthService } from './core/auth/auth.service';
import type { OpenedContext } from './core/bootstrap';
import { buildApp } from './core/http/app';
import type { App } from './core/http/types';
import { hasDemoData, loadDemoIfEmpty, type DemoResult } from './modules/demo/demo.service';
import { registerRoutes } from './routes';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const defaultWebDir = path.join(repoRoot, 'dist', 'web');

export interface ServerOptions {
  demo: boolean;
  webDir?: string | undefined;
}

export async function createServer(
  opened: OpenedContext,
  options: ServerOptions,
): Promise<{ app: App; demo: DemoResult }> {
  const { ctx } = opened;
  const demo = options.demo ? await loadDemoIfEmpty(ctx, new AuthService(ctx)) : { loaded: false };
  const state = { demo: await hasDemoData(ctx) };
  const app = await buildApp(ctx, {
    webDir: options.webDir,
    routes: (a, c, auth) => registerRoutes(a, c, auth, state),
  });
  return { app, demo };
}
