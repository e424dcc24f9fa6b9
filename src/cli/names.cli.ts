import fs from 'node:fs';
import type { Command } from 'commander';
import { compareCommand, scorePairsCsv } from '../names/names.cli-helpers';

/** `supolka names compare|score`: the matcher on the command line; output shapes are fixed (issue 4). */
export function registerNamesCommands(program: Command): void {
  const names = program
    .command('names')
    .description('name matching across Belarusian, Russian and Latin spellings');
  names
    .command('compare')
    .argument('<nameA>')
    .argument('<nameB>')
    .option('--schema <schema>', 'Person or Organization', 'Person')
    .description('print {"score","match","threshold","explanation"} for two names')
    .action((a: string, b: string, opts: { schema: string }) => {
      process.stdout.write(`${JSON.stringify(compareCommand(a, b, opts.schema))}\n`);
    });
  names
    .command('score')
    .requiredOption('--input <file>', 'CSV with columns name1,name2[,schema]')
    .requiredOption('--output <file>', 'CSV to write: every input row plus score and match')
    .description('score name pairs from a CSV file')
    .action((opts: { input: string; output: string }) => {
      fs.writeFileSync(opts.output, scorePairsCsv(fs.readFileSync(opts.input, 'utf8')));
    });
}
