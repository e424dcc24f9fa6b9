import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { withContext } from '../../cli/run';
import type { DB } from '../../core/db/database';
import { alignmentReport } from './alignment.service';
import { runResolution } from './resolution.service';
import { SanctionsParseError } from './sanctions.errors';
import { importAudit, importSanctionsFile } from './sanctions.import';

/**
 * `supolka sanctions import FILE… [--dataset NAME]`: one JSON line per file on stdout,
 * `{"dataset","format","snapshotDate","targets","byRegime":{…},"delta":{…}}`. Each file is its own
 * transaction: a bad file is reported on stderr (file and line, never contents), writes nothing, and the
 * others still import; the exit code is then 1. OFAC companions (alt.csv, add.csv) given among the files
 * are attached to the sdn.csv beside them. Resolution (clusters, review queue) runs once at the end.
 *
 * `supolka sanctions alignment --output report.json`: writes the alignment report (resolving first when
 * an import is newer than the clusters).
 */

const COMPANION = /(?:^|[^a-z])(alt|add)\.csv(?:\.gz)?$/i;

export async function clustersStale(db: DB): Promise<boolean> {
  const latest = await db
    .selectFrom('sanctions_datasets as d')
    .innerJoin('sanctions_snapshots as s', 's.id', 'd.latest_snapshot_id')
    .select((eb) => eb.fn.max('s.imported_at').as('at'))
    .executeTakeFirst();
  if (!latest?.at) return false;
  const clusters = await db
    .selectFrom('sanctions_clusters')
    .select((eb) => eb.fn.max('updated_at').as('at'))
    .executeTakeFirst();
  return !clusters?.at || clusters.at < latest.at;
}

function errorLine(err: unknown, file: string): string {
  if (err instanceof SanctionsParseError) return err.message;
  return `${path.basename(file)}: ${err instanceof Error ? err.message : String(err)}`;
}

export function registerSanctionsCommands(program: Command): void {
  const sanctions = program
    .command('sanctions')
    .description('sanctions lists: import, resolution, alignment');
  sanctions
    .command('import')
    .description(
      'import sanctions-list files (EU FSF XML, OFAC sdn.csv [+ alt.csv/add.csv], FtM JSON lines; plain or .gz)',
    )
    .argument('<files...>', 'files to import, each as a new snapshot of its dataset')
    .option('--dataset <name>', 'dataset name (default: taken from the file)')
    .option('--no-resolve', 'skip resolution after the import')
    .action(async (files: string[], opts: { dataset?: string; resolve: boolean }) => {
      const companions = files.filter((f) => COMPANION.test(path.basename(f)));
      const lists = files.filter((f) => !companions.includes(f));
      const alt = companions.find((f) => /alt\.csv/i.test(path.basename(f)));
      const add = companions.find((f) => /add\.csv/i.test(path.basename(f)));
      let failed = 0;
      await withContext(async ({ ctx }) => {
        let imported = 0;
        for (const file of lists) {
          try {
            if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) throw new Error('no such file');
            const summary = await importSanctionsFile(ctx.db, ctx.engine, file, {
              ...(opts.dataset ? { dataset: opts.dataset } : {}),
              ...(alt || add ? { ofac: { ...(alt ? { alt } : {}), ...(add ? { add } : {}) } } : {}),
              beforeCommit: (trx, sum) => ctx.audit.append(trx, importAudit(null, sum)),
            });
            imported++;
            const { dataset, format, snapshotDate, targets, byRegime, delta } = summary;
            process.stdout.write(
              `${JSON.stringify({ dataset, format, snapshotDate, targets, byRegime, delta })}\n`,
            );
          } catch (err) {
            failed++;
            process.stderr.write(`supolka: ${errorLine(err, file)} (nothing imported from this file)\n`);
          }
        }
        if (imported > 0 && opts.resolve) {
          const stats = await runResolution(ctx.db, ctx.engine);
          process.stderr.write(`resolution: ${JSON.stringify(stats)}\n`);
        }
      });
      if (failed > 0) process.exitCode = 1;
    });

  sanctions
    .command('resolve')
    .description('rebuild clusters and the review queue from the latest snapshots (reuses review decisions)')
    .action(async () => {
      await withContext(async ({ ctx }) => {
        process.stdout.write(`${JSON.stringify(await runResolution(ctx.db, ctx.engine))}\n`);
      });
    });

  sanctions
    .command('alignment')
    .description('write the alignment report (lists, clusters, gaps) as JSON')
    .requiredOption('--output <file>', 'where to write the report')
    .option('--resolve', 'rebuild clusters first even when they are up to date')
    .action(async (opts: { output: string; resolve?: boolean }) => {
      await withContext(async ({ ctx }) => {
        if (opts.resolve || (await clustersStale(ctx.db))) await runResolution(ctx.db, ctx.engine);
        const report = await alignmentReport(ctx.db);
        const { lists, clusters, gaps, ...rest } = report;
        const out = {
          lists: lists.map(({ dataset, jurisdiction, snapshotDate, targets, byRegime }) => ({
            dataset,
            jurisdiction,
            snapshotDate,
            targets,
            byRegime,
          })),
          clusters,
          gaps,
          ...rest,
        };
        fs.writeFileSync(opts.output, `${JSON.stringify(out, null, 2)}\n`);
        process.stdout.write(
          `${JSON.stringify({ output: opts.output, lists: lists.length, clusters, gaps: gaps.length, gapCounts: report.gapCounts })}\n`,
        );
      });
    });
}
