import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { printJson, withContext } from '../../cli/run';
import { importPublishedFigures } from './published-figures';
import { registerRegistryDataCommands } from './registry-data.cli';

/** The repository root (two levels above src/modules/registry), so the default works from any cwd. */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const DEFAULT_FIGURES_FILE = path.resolve(
  repoRoot,
  '../shared/data/prisoners/political-prisoners-timeline.csv',
);

export function registerRegistryCommands(program: Command): void {
  const registry = program.command('registry').description('political-prisoner registry');
  registry
    .command('import-figures')
    .description('import published counts of political prisoners (CSV with their sources)')
    .argument('[file]', 'CSV file', DEFAULT_FIGURES_FILE)
    .action(async (file: string) => {
      const text = fs.readFileSync(file, 'utf8');
      await withContext(async ({ ctx }) => printJson(await importPublishedFigures(ctx, text)));
    });
  registerRegistryDataCommands(registry);
}
