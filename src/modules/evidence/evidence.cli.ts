import fs from 'node:fs';
import type { Command } from 'commander';
import { withContext } from '../../cli/run';
import { verifyStoredOriginals } from './evidence.integrity';
import { verifyPackage } from './package.verify';

/**
 * `supolka evidence verify PACKAGE [--key KEY]`: checks a case-file package without any database or
 * configuration (it imports nothing that opens one), so a court clerk can run it on a clean machine.
 * Exit code 0 = intact; 1 = something is wrong (each problem printed on its own line).
 * `supolka evidence verify --stored` instead checks every original in this installation's locker.
 */
export function registerEvidenceCommands(program: Command): void {
  const evidence = program.command('evidence').description('evidence locker and case-file packages');
  evidence
    .command('verify')
    .description(
      'check a case-file package (signature, file hashes, completeness), or with --stored every original in this installation',
    )
    .argument('[package]', 'the .zip package')
    .option(
      '--key <key>',
      'pin the signing key: base64 public key, its fingerprint, or a file holding either',
    )
    .option('--stored', 'check every stored original against its recorded SHA-256 (needs the database)')
    .option('--json', 'print the result as JSON')
    .action(async (file: string | undefined, opts: { key?: string; json?: boolean; stored?: boolean }) => {
      if (opts.stored) return verifyStored(opts.json === true);
      if (!file) throw new Error('name a package file, or use --stored to check the stored originals');
      let pinned = opts.key;
      if (pinned && fs.existsSync(pinned)) {
        const text = fs.readFileSync(pinned, 'utf8').trim();
        // A signing-key.json (as shipped in a package or saved from the UI) or the bare key/fingerprint.
        try {
          const parsed = JSON.parse(text) as { publicKey?: string };
          pinned = parsed.publicKey ?? text;
        } catch {
          pinned = text;
        }
      }
      const result = await verifyPackage(file, pinned);
      if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else {
        process.stdout.write(`${result.ok ? 'OK' : 'FAILED'}: ${file}\n`);
        process.stdout.write(
          `signature: ${result.signatureValid ? 'valid' : 'NOT valid'}; key fingerprint: ${result.fingerprint ?? 'none'}\n`,
        );
        process.stdout.write(`files checked: ${result.filesChecked}\n`);
        for (const p of result.problems) process.stdout.write(`problem: ${p}\n`);
      }
      process.exitCode = result.ok ? 0 : 1;
    });
}

async function verifyStored(json: boolean): Promise<void> {
  const result = await withContext(({ ctx }) => verifyStoredOriginals(ctx));
  if (json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    process.stdout.write(
      `${result.ok ? 'OK' : 'FAILED'}: ${result.blobsChecked} stored originals, ${result.itemsChecked} items checked\n`,
    );
    for (const p of result.problems)
      process.stdout.write(`problem: evidence ${p.itemIds.join(', ') || '(no item)'}: ${p.problem}\n`);
  }
  process.exitCode = result.ok ? 0 : 1;
}
