import fs from 'node:fs';
import type { Command } from 'commander';
import { createBackup } from '../core/backup/backup.service';
import { restoreArchive } from '../core/backup/restore.service';
import { verifyArchive } from '../core/backup/verify.service';
import { loadConfig } from '../core/config';
import { openDatabase } from '../core/db/database';
import { printJson } from './run';

/**
 * `supolka backup --output FILE`, `supolka backup verify FILE` and `supolka restore FILE`. Results go to
 * stdout as JSON; progress bars go to stderr when it is a terminal.
 */
export function registerBackupCommands(program: Command): void {
  const backup = program
    .command('backup')
    .description(
      'write a consistent snapshot of the database and stored files to one .tar.gz (never the master key)',
    )
    .option('--output <file>', 'archive to write, e.g. supolka-backup.tar.gz')
    .option('--force', 'replace an existing file at --output')
    .action(async (opts: { output?: string; force?: boolean }) => {
      if (!opts.output) throw new Error('Give --output FILE.tar.gz.');
      const config = loadConfig();
      // Checked before opening: opening a missing SQLite file would create an empty database.
      if (fs.existsSync(opts.output) && !opts.force)
        throw new Error(`${opts.output} exists; give --force to replace it.`);
      if (config.database.engine === 'sqlite' && !fs.existsSync(config.database.file)) {
        throw new Error(`No database at ${config.database.file}; check SUPOLKA_DATA_DIR or DATABASE_URL.`);
      }
      const handle = openDatabase(config.database);
      try {
        const manifest = await createBackup(handle, config.dataDir, {
          output: opts.output,
          force: opts.force ?? false,
        });
        printJson({
          output: opts.output,
          engine: manifest.engine,
          tables: manifest.tables.map((t) => ({ name: t.name, rows: t.rows, contentHash: t.contentHash })),
          files: manifest.entries.filter((e) => e.kind === 'file').length,
          excludedTables: manifest.excludedTables,
          masterKey: manifest.masterKey,
        });
      } finally {
        await handle.close();
      }
    });

  backup
    .command('verify')
    .argument('<file>', 'archive to check')
    .description('check an archive against its manifest (hashes, completeness) without restoring anything')
    .action(async (file: string) => {
      const manifest = await verifyArchive(file);
      printJson({
        ok: true,
        createdAt: manifest.createdAt,
        engine: manifest.engine,
        migrations: manifest.migrations,
        tables: manifest.tables.map((t) => ({ name: t.name, rows: t.rows, contentHash: t.contentHash })),
        files: manifest.entries.filter((e) => e.kind === 'file').length,
      });
    });

  program
    .command('restore')
    .argument('<file>', 'archive made by "supolka backup"')
    .description(
      'verify an archive, then restore it into this installation (stop the server first; the master key must already be in place)',
    )
    .option('--force', 'replace the data of an installation that already holds some')
    .action(async (file: string, opts: { force?: boolean }) => {
      const summary = await restoreArchive(loadConfig(), file, { force: opts.force ?? false });
      printJson({ restored: true, ...summary });
    });
}
