import cluster from 'node:cluster';
import type { Command } from 'commander';
import { loadConfig, type AppConfig } from '../core/config';
import { openContext } from '../core/bootstrap';
import { createServer, defaultWebDir } from '../server';
import { AuthService } from '../core/auth/auth.service';
import { loadDemoIfEmpty, type DemoResult } from '../modules/demo/demo.service';
import { serveWorker, startWorkers } from './serve-workers';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the web server (loads fictional demo data into an empty database unless --no-demo)')
    .option('--no-demo', 'do not load the fictional demo dataset')
    .option('--port <port>', 'port to listen on (overrides SUPOLKA_PORT)')
    .action(async (opts: { demo: boolean; port?: string }) => {
      const config = loadConfig(opts.port ? { ...process.env, SUPOLKA_PORT: opts.port } : process.env);
      if (cluster.isWorker) return serveWorker(config);
      const opened = await openContext(config);
      if (opened.createdMasterKey) opened.ctx.logger.warn(masterKeyWarning(config));
      if (config.workers > 1) {
        // Schema, keys and demo data once, here; then the workers, each with its own connection.
        let demo: DemoResult = { loaded: false };
        try {
          if (opts.demo) demo = await loadDemoIfEmpty(opened.ctx, new AuthService(opened.ctx));
        } finally {
          await opened.close();
        }
        announce(await startWorkers(config), config, demo);
        return;
      }
      const { app, demo } = await createServer(opened, { demo: opts.demo, webDir: defaultWebDir });
      const address = await app.listen({ host: config.host, port: config.port });
      announce(address, config, demo);
      const shutdown = (): void => {
        void app
          .close()
          .then(() => opened.close())
          .then(() => process.exit(0));
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    });
}

function masterKeyWarning(config: AppConfig): string {
  return `Created a new master key at ${config.masterKey.source === 'file' ? config.masterKey.file : 'env'}. Back it up apart from the database: without it, encrypted fields cannot be read.`;
}

/** What a person starting the server needs to read: where it runs and how to sign in. */
function announce(address: string, config: AppConfig, demo: DemoResult): void {
  const url = address.replace('127.0.0.1', 'localhost');
  const engine = config.database.engine;
  const processes = config.workers > 1 ? `, ${config.workers} worker processes` : '';
  const lines = [`Supolka is running at ${url} (database: ${engine}${processes}).`];
  if (demo.admin) {
    lines.push(
      'Fictional demo data was loaded into this new database.',
      `Sign in as "${demo.admin.username}" with password: ${demo.admin.password}`,
      'This password is shown once. Change it under Account, or create your own admin with:',
      '  npx supolka user add --username NAME --role admin',
    );
  } else {
    lines.push(
      'Sign in with your account. No account yet? Create the first admin with:',
      '  npx supolka user add --username NAME --role admin',
    );
  }
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}
