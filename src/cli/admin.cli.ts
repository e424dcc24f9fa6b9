import { randomBytes } from 'node:crypto';
import { type Command, Option } from 'commander';
import { ROLES } from '../core/access';
import { AuthService } from '../core/auth/auth.service';
import { migrationDeps } from '../core/bootstrap';
import { presentUser } from '../core/auth/auth.presenter';
import { verifyAuditChain } from '../core/audit/audit.verify';
import { loadConfig } from '../core/config';
import { masterKeySource } from '../core/crypto/master-key';
import { rotateMasterKey } from '../core/crypto/rotate';
import { openDatabase } from '../core/db/database';
import { migrateToLatest } from '../core/db/migrate';
import type { Role } from '../core/db/schema';
import { printJson, readSecretFromStdin, withContext } from './run';

export function registerAdminCommands(program: Command): void {
  program
    .command('migrate')
    .description('bring the database schema up to date')
    .action(async () => {
      const config = loadConfig();
      const handle = openDatabase(config.database);
      try {
        const applied = await migrateToLatest(handle.db, handle.engine, migrationDeps(config));
        printJson({ engine: handle.engine, applied });
      } finally {
        await handle.close();
      }
    });

  const user = program.command('user').description('manage accounts');
  user
    .command('add')
    .description(
      'create an account; the password is read from stdin with --password-stdin, else generated and printed once',
    )
    .requiredOption('--username <name>', 'login name (lower case)')
    .addOption(new Option('--role <role>', 'role').choices([...ROLES]).makeOptionMandatory())
    .option('--display-name <text>', 'name shown in the UI')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (opts: { username: string; role: Role; displayName?: string; passwordStdin?: boolean }) => {
      const password = opts.passwordStdin
        ? await readSecretFromStdin()
        : randomBytes(15).toString('base64url');
      await withContext(async ({ ctx }) => {
        const created = await new AuthService(ctx).createUser(null, {
          username: opts.username,
          displayName: opts.displayName ?? opts.username,
          role: opts.role,
          password,
        });
        printJson({ user: presentUser(created), ...(opts.passwordStdin ? {} : { password }) });
      });
    });
  user
    .command('list')
    .description('list accounts')
    .action(() =>
      withContext(async ({ ctx }) => printJson((await new AuthService(ctx).listUsers()).map(presentUser))),
    );
  user
    .command('disable')
    .argument('<username>')
    .description('disable an account and end its sessions')
    .action((username: string) =>
      withContext(async ({ ctx }) => {
        const auth = new AuthService(ctx);
        const found = await auth.findUserByUsername(username);
        if (!found) throw new Error(`No user named ${username}.`);
        printJson(presentUser(await auth.updateUser(null, found.id, { disabled: true })));
      }),
    );

  program
    .command('keys')
    .description('manage encryption keys')
    .command('rotate')
    .description('re-wrap every data key under a new master key (servers keep running)')
    .option('--out <file>', 'where to write the new master key (required when SUPOLKA_MASTER_KEY is used)')
    .action(async (opts: { out?: string }) => {
      const config = loadConfig();
      if (config.masterKey.source === 'env' && !opts.out)
        throw new Error('With SUPOLKA_MASTER_KEY set, give --out FILE for the new key.');
      const handle = openDatabase(config.database);
      try {
        const keyFile = opts.out ?? (config.masterKey.source === 'file' ? config.masterKey.file : '');
        const result = await rotateMasterKey(handle.db, masterKeySource(config.masterKey), {
          keyFile,
          replaceInPlace: !opts.out,
        });
        printJson(result);
      } finally {
        await handle.close();
      }
    });

  program
    .command('audit')
    .description('audit log tools')
    .command('verify')
    .description('check the hash chain of the audit log; exits 1 and names the first bad row')
    .action(() =>
      withContext(async ({ ctx }) => {
        const result = await verifyAuditChain(ctx.db, ctx.audit);
        printJson(result);
        if (!result.ok) process.exitCode = 1;
      }),
    );
}
