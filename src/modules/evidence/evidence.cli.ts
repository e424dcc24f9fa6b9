import fs from 'node:fs';
import type { Command } from 'commander';
import { verifyPackage } from './package.verify';

/**
 * `supolka evidence verify PACKAGE [--key KEY]`: checks a case-file package without any database or
 * configuration (it imports nothing that opens one), so a court clerk can run it on a clean machine.
 * Exit code 0 = intact; 1 = something is wrong (each problem printed on its own line).
 */
export function registerEvidenceCommands(program: Command): void {
  const evidence = program.command('evidence').description('evidence locker and case-file packages');
  evidence
    .command('verify')
    .description('check a case-file package: signature, file hashes and completeness')
    .argument('<package>', 'the .zip package')
    .option(
      '--key <key>',
      'pin the signing key: base64 public key, its fingerprint, or a file holding either',
    )
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: { key?: string; json?: boolean }) => {
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
