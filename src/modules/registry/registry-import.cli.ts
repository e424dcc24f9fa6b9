import fs from 'node:fs';
import { type Command, Option } from 'commander';
import { printJson, withContext } from '../../cli/run';
import { ROLES } from '../../core/access';
import type { Consent } from '../../core/db/schema-registry';
import { AppError } from '../../core/errors';
import { CONSENTS } from './consent';
import type { ImportEncoding } from './import/import.parse';
import { IMPORT_MAX_BYTES } from './import/import.schema';
import { digestOf, ImportService } from './import/import.service';

/**
 * `supolka registry import FILE`: the same two steps as the API. Without --dry-run it checks first and
 * commits only a file without errors (or with --skip-invalid-rows). The import is attributed to a named
 * account (--as) so that the audit log says who did it and sealed records get their first reader.
 */
export function registerRegistryImportCommands(program: Command): void {
  const registry =
    program.commands.find((c) => c.name() === 'registry') ??
    program.command('registry').description('political-prisoner registry');
  registry
    .command('import')
    .description(
      'import a list export (machine CSV, table CSV in en/ru/be, or JSON); confidential unless --consent says otherwise',
    )
    .argument('<file>', 'CSV or JSON file')
    .requiredOption('--as <username>', 'account the import is done as (editor or admin)')
    .option('--dry-run', 'report what would happen without writing')
    .addOption(
      new Option('--consent <tier>', 'consent of newly created persons')
        .choices([...CONSENTS])
        .default('confidential'),
    )
    .addOption(
      new Option('--encoding <name>', 'text encoding of the file')
        .choices(['utf-8', 'windows-1251'])
        .default('utf-8'),
    )
    .option('--skip-invalid-rows', 'commit the valid rows and list the skipped lines')
    .action(
      async (
        file: string,
        opts: {
          as: string;
          dryRun?: boolean;
          consent: Consent;
          encoding: ImportEncoding;
          skipInvalidRows?: boolean;
        },
      ) => {
        const stat = fs.statSync(file);
        if (stat.size > IMPORT_MAX_BYTES)
          throw new AppError('PAYLOAD_TOO_LARGE', 'The file is larger than 20 MB.');
        const bytes = fs.readFileSync(file);
        await withContext(async ({ ctx }) => {
          const user = await ctx.db
            .selectFrom('users')
            .select(['id', 'username', 'role', 'disabled'])
            .where('username', '=', opts.as)
            .executeTakeFirst();
          if (!user || user.disabled || !ROLES.includes(user.role))
            throw new AppError('FORBIDDEN', 'No such active account.');
          const actor = { id: user.id, username: user.username, role: user.role };
          const service = new ImportService(ctx);
          const payload = { bytes, filename: file, consent: opts.consent, encoding: opts.encoding };
          const report = await service.dryRun(actor, payload);
          if (opts.dryRun) return printJson(report);
          if (report.errors.length > 0 && !opts.skipInvalidRows) {
            printJson(report);
            throw new AppError(
              'VALIDATION_FAILED',
              `${report.errors.length} problem(s); nothing was written (see --skip-invalid-rows).`,
            );
          }
          printJson(
            await service.commit(actor, {
              ...payload,
              digest: digestOf(bytes),
              skipInvalidRows: Boolean(opts.skipInvalidRows),
            }),
          );
        });
      },
    );
}
