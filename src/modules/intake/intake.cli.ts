import fs from 'node:fs';
import type { Command } from 'commander';
import { printJson, withContext } from '../../cli/run';
import { loadConfig } from '../../core/config';
import { openContext } from '../../core/bootstrap';
import { buildIntakeServer } from '../../intake-server';
import { b64, decryptJson, openSealedKey, sodium, unb64 } from './intake.crypto';
import { loadIntakeConfig } from './intake.config';
import { IntakeRepository } from './intake.repository';
import { ESCROW, IntakeService } from './intake.service';
import { KeyVault } from './key-vault';
import { TriageService } from './triage.service';

/** `supolka intake …`: run the public intake site, purge expired submissions, manage the escrow key. */
export function registerIntakeCommands(program: Command): void {
  const intake = program.command('intake').description('the secure channel (public intake site)');

  intake
    .command('serve')
    .description(
      'run the public intake site on SUPOLKA_INTAKE_HOST:SUPOLKA_INTAKE_PORT (put it behind a Tor onion service)',
    )
    .action(async () => {
      const config = loadConfig();
      const cfg = loadIntakeConfig();
      const opened = await openContext(config);
      const { app } = await buildIntakeServer(opened.ctx, cfg);
      const address = await app.listen({ host: cfg.host, port: cfg.port });
      // The address only: the intake site never logs requests.
      process.stdout.write(`Supolka intake site listening at ${address} (no access log).\n`);
      const shutdown = (): void => {
        void app
          .close()
          .then(() => opened.close())
          .then(() => process.exit(0));
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    });

  intake
    .command('purge')
    .description('delete submissions past their retention period that nobody chose to keep')
    .action(() =>
      withContext(async ({ ctx }) => {
        const service = new IntakeService(ctx, loadIntakeConfig());
        printJson({ deleted: await new TriageService(ctx, service, new KeyVault(0)).purgeExpired() });
      }),
    );

  intake
    .command('questionnaires')
    .description('list the intake questionnaires (slug, active, last change)')
    .action(() =>
      withContext(async ({ ctx }) => {
        printJson(await new IntakeService(ctx, loadIntakeConfig()).listQuestionnaires());
      }),
    );

  intake
    .command('questionnaire-set <file>')
    .description(
      'add a questionnaire from a JSON file, or replace the one with the same slug (see docs/secure-channel.md)',
    )
    .option('--inactive', 'store it but do not offer it on the intake site')
    .action((file: string, opts: { inactive?: boolean }) =>
      withContext(async ({ ctx }) => {
        const def = await new IntakeService(ctx, loadIntakeConfig()).saveQuestionnaire(
          JSON.parse(fs.readFileSync(file, 'utf8')) as unknown,
          !opts.inactive,
        );
        await ctx.db.transaction().execute((trx) =>
          ctx.audit.append(trx, {
            action: 'intake.questionnaire.set',
            entityType: 'intake_questionnaire',
            entityId: def.slug,
            actorId: null,
          }),
        );
        printJson({ slug: def.slug, fields: def.fields.length, active: !opts.inactive });
      }),
    );

  intake
    .command('escrow-keygen')
    .description(
      'create an organisation escrow key pair: prints the public key, writes the secret key to FILE (keep it offline)',
    )
    .requiredOption('--out <file>', 'where to write the secret key (created, mode 600)')
    .action(async (opts: { out: string }) => {
      const s = await sodium();
      const kp = s.crypto_box_keypair();
      fs.writeFileSync(opts.out, `${b64(kp.publicKey)}\n${b64(kp.privateKey)}\n`, {
        mode: 0o600,
        flag: 'wx',
      });
      printJson({ SUPOLKA_INTAKE_ESCROW_PUBLIC_KEY: b64(kp.publicKey), secretKeyFile: opts.out });
    });

  intake
    .command('escrow-read <submissionId>')
    .description("recovery: decrypt a submission's messages with the escrow secret key file (prints JSON)")
    .requiredOption('--key-file <file>', 'the file written by escrow-keygen')
    .action((submissionId: string, opts: { keyFile: string }) =>
      withContext(async ({ ctx }) => {
        const s = await sodium();
        const [pk, sk] = fs.readFileSync(opts.keyFile, 'utf8').trim().split('\n').map(unb64);
        if (!pk || !sk) throw new Error('The key file is not an escrow key file.');
        const repo = new IntakeRepository();
        const keys = await repo.keysFor(ctx.db, submissionId, ESCROW);
        const messages = await repo.messages(ctx.db, submissionId);
        const out = messages.map((m) => {
          const sealed = keys.get(m.id);
          return {
            seq: m.seq,
            author: m.author,
            on: m.created_on,
            body: sealed ? decryptJson(s, openSealedKey(s, sealed, pk, sk), m.ciphertext) : null,
          };
        });
        await ctx.db.transaction().execute((trx) =>
          ctx.audit.append(trx, {
            action: 'intake.escrow.read',
            entityType: 'intake_submission',
            entityId: submissionId,
            actorId: null,
          }),
        );
        printJson(out);
      }),
    );
}
