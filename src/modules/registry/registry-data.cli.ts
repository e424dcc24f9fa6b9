import fs from 'node:fs';
import { type Command, Option } from 'commander';
import type { z } from 'zod';
import { printJson, withContext } from '../../cli/run';
import { ROLES, type Actor } from '../../core/access';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { ExportService, type ExportFormat } from './export/export.service';
import { MergeService } from './merge.service';
import { PersonsService } from './persons.service';
import { listPersonsQuery } from './registry.schema';
import { presentStatistics, statisticsCsv } from './statistics.routes';
import { StatisticsService } from './statistics.service';

/**
 * `supolka registry search|export|stats|merge|unmerge`: the API's use cases from the command line. Every
 * command acts as a named account (--as), so the same access rules apply (hidden records are missing,
 * sealed ones only for grantees, the analyst sees aggregates only) and the audit log says who did it.
 * Output is the API's presented shape; nothing personal goes to stderr.
 */

/** The active account a command acts as; an unknown or disabled one is refused like a forbidden call. */
export async function cliActor(ctx: AppContext, username: string): Promise<Actor> {
  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'username', 'role', 'disabled'])
    .where('username', '=', username)
    .executeTakeFirst();
  if (!user || user.disabled || !ROLES.includes(user.role))
    throw new AppError('FORBIDDEN', 'No such active account.');
  return { id: user.id, username: user.username, role: user.role };
}

/** Filter options shared by search and export, named like the API's query parameters (kebab-cased). */
const FILTERS: Array<[flag: string, key: keyof z.input<typeof listPersonsQuery>, help: string]> = [
  ['--article <code>', 'article', 'criminal-code article, e.g. 342 or 361-1'],
  ['--status <status>', 'status', 'current status, e.g. sentenced'],
  ['--court <name>', 'court', 'court (exact)'],
  ['--judge <name>', 'judge', 'judge (exact)'],
  ['--facility <name>', 'facility', 'prison or colony (exact)'],
  ['--group <code>', 'group', 'group, e.g. journalist'],
  ['--region <code>', 'region', 'region, e.g. minsk_city'],
  ['--gender <gender>', 'gender', 'male, female or other'],
  ['--consent <tier>', 'consent', 'consent tier'],
  ['--detained-from <date>', 'detainedFrom', 'detained on or after (YYYY-MM-DD)'],
  ['--detained-to <date>', 'detainedTo', 'detained on or before (YYYY-MM-DD)'],
  ['--verdict-from <date>', 'verdictFrom', 'verdict on or after (YYYY-MM-DD)'],
  ['--verdict-to <date>', 'verdictTo', 'verdict on or before (YYYY-MM-DD)'],
];

function withFilters(cmd: Command): Command {
  for (const [flag, , help] of FILTERS) cmd.option(flag, help);
  return cmd;
}

/** Commander options → the API's list query, validated by the same schema (values never echoed back). */
function parseQuery(
  q: string | undefined,
  opts: Record<string, unknown>,
  page: { limit: number; offset: number },
) {
  const raw: Record<string, unknown> = { ...page };
  if (q) raw.q = q;
  for (const [, key] of FILTERS) if (opts[key] !== undefined) raw[key] = opts[key];
  const parsed = listPersonsQuery.safeParse(raw);
  if (!parsed.success)
    throw new AppError(
      'VALIDATION_FAILED',
      `Invalid option(s): ${[...new Set(parsed.error.issues.map((i) => i.path.join('.')))].join(', ')}.`,
    );
  return parsed.data;
}

const PAGE = 200;

export function registerRegistryDataCommands(registry: Command): void {
  withFilters(
    registry
      .command('search')
      .description('list the records the account may see (JSON lines), by name and/or filters')
      .argument('[query]', 'any spelling of a name, or its beginning')
      .requiredOption('--as <username>', 'account the search is done as')
      .option('--limit <n>', 'at most this many records', '200'),
  ).action(
    async (query: string | undefined, opts: Record<string, unknown> & { as: string; limit: string }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100_000)
        throw new AppError('VALIDATION_FAILED', '--limit must be a whole number from 1 to 100000.');
      parseQuery(query, opts, { limit: 1, offset: 0 });
      await withContext(async ({ ctx }) => {
        const actor = await cliActor(ctx, opts.as);
        const persons = new PersonsService(ctx);
        let printed = 0;
        while (printed < limit) {
          const page = parseQuery(query, opts, { limit: Math.min(PAGE, limit - printed), offset: printed });
          const { items } = await persons.list(actor, page);
          for (const item of items) process.stdout.write(`${JSON.stringify(item)}\n`);
          printed += items.length;
          if (items.length < page.limit) break;
        }
      });
    },
  );

  withFilters(
    registry
      .command('export')
      .description('export the records the account may see (sealed ones only counted) to a new file')
      .addOption(
        new Option('--format <format>', 'file format').choices(['csv', 'json', 'ftm']).makeOptionMandatory(),
      )
      .requiredOption('--output <file>', 'file to create (an existing file is not overwritten)')
      .requiredOption('--as <username>', 'account the export is done as')
      .option('--q <query>', 'only names matching this query'),
  ).action(
    async (
      opts: Record<string, unknown> & { as: string; format: ExportFormat; output: string; q?: string },
    ) => {
      const { limit, offset, ...query } = parseQuery(opts.q, opts, { limit: 1, offset: 0 });
      void limit;
      void offset;
      // Checked first so that a refused export is not recorded as made; 'wx' below still guards races.
      if (fs.existsSync(opts.output)) throw new AppError('CONFLICT', 'The output file already exists.');
      await withContext(async ({ ctx }) => {
        const actor = await cliActor(ctx, opts.as);
        const result = await new ExportService(ctx).export(actor, query, opts.format);
        // Created, never replaced, and readable by the owner only: an export is as sensitive as its rows.
        try {
          fs.writeFileSync(opts.output, result.body, { flag: 'wx', mode: 0o600 });
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          throw new AppError(
            'CONFLICT',
            code === 'EEXIST' ? 'The output file already exists.' : 'The output file cannot be written.',
          );
        }
        printJson({ format: opts.format, count: result.count, sealedCount: result.sealedCount });
      });
    },
  );

  registry
    .command('stats')
    .description('registry statistics (aggregates over every tier; nobody is named)')
    .requiredOption('--as <username>', 'account the statistics are read as (any role with aggregates)')
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'csv']).default('json'))
    .addOption(
      new Option('--scope <scope>', 'distributions over').choices(['current', 'all']).default('current'),
    )
    .action(async (opts: { as: string; format: 'json' | 'csv'; scope: 'current' | 'all' }) => {
      await withContext(async ({ ctx }) => {
        const actor = await cliActor(ctx, opts.as);
        const view = presentStatistics(await new StatisticsService(ctx).forActor(actor, opts.scope));
        if (opts.format === 'csv') process.stdout.write(statisticsCsv(view));
        else printJson(view);
      });
    });

  registry
    .command('merge')
    .description('merge record B into record A (A survives); reversible with `registry unmerge`')
    .argument('<survivor>', 'id of the record that stays')
    .argument('<other>', 'id of the record merged into it')
    .requiredOption('--as <username>', 'account the merge is done as (editor or admin)')
    .action(async (survivor: string, other: string, opts: { as: string }) => {
      await withContext(async ({ ctx }) => {
        const actor = await cliActor(ctx, opts.as);
        printJson(await new MergeService(ctx).merge(actor, survivor, other));
      });
    });

  registry
    .command('unmerge')
    .description('undo a merge, putting both records back as they were')
    .argument('<mergeId>', 'id printed by `registry merge`')
    .requiredOption('--as <username>', 'account the revert is done as (editor or admin)')
    .action(async (mergeId: string, opts: { as: string }) => {
      await withContext(async ({ ctx }) => {
        const actor = await cliActor(ctx, opts.as);
        printJson(await new MergeService(ctx).revert(actor, mergeId));
      });
    });
}
