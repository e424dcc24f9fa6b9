import type { Command } from 'commander';
import { loadConfig } from '../core/config';
import { openContext } from '../core/bootstrap';
import { createServer, defaultWebDir } from '../server';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the web server (loads fictional demo data into an empty database unless --no-demo)')
    .option('--no-demo', 'do not load the fictional demo dataset')
    .option('--port <port>', 'port to listen on (overrides SUPOLKA_PORT)')
    .action(async (opts: { demo: boolean; port?: string }) => {
      const config = loadConfig(opts.port ? { ...process.env, SUPOLKA_PORT: opts.port } : process.env);
      const opened = await openContext(config);
      const { ctx } = opened;
      if (opened.createdMasterKey) {
        ctx.logger.warn(
          `Created a new master key at ${config.masterKey.source === 'file' ? config.masterKey.file : 'env'}. Back it up apart from the database: without it, encrypted fields cannot be read.`,
        );
      }
      const { app, demo } = await createServer(opened, { demo: opts.demo, webDir: defaultWebDir });
      const address = await app.listen({ host: config.host, port: config.port });
      const url = address.replace('127.0.0.1', 'localhost');
      const lines = [`Supolka is running at ${url} (database: ${ctx.engine}).`];
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
