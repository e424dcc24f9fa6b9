import { Command } from 'commander';
import { ConfigError } from '../core/config';
import { AppError } from '../core/errors';
import { registerAdminCommands } from './admin.cli';
import { registerBackupCommands } from './backup.cli';
import { registerNamesCommands } from './names.cli';
import { registerScreenCommands } from './screen.cli';
import { registerOpenApiCommand } from './openapi.cli';
import { registerServeCommand } from './serve.cli';
import { registerRegistryCommands } from '../modules/registry/registry.cli';
import { registerRegistryImportCommands } from '../modules/registry/registry-import.cli';
import { registerSanctionsCommands } from '../modules/sanctions/sanctions.cli';
import { registerEvidenceCommands } from '../modules/evidence/evidence.cli';
import { registerIntakeCommands } from '../modules/intake/intake.cli';

const program = new Command();
program
  .name('supolka')
  .description('Supolka: tools for Belarusian human-rights defenders')
  .showHelpAfterError();
registerServeCommand(program);
registerAdminCommands(program);
registerOpenApiCommand(program);
registerNamesCommands(program);
registerScreenCommands(program);
registerBackupCommands(program);
registerRegistryCommands(program);
registerRegistryImportCommands(program);
registerSanctionsCommands(program);
registerEvidenceCommands(program);
registerIntakeCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  // A short message, never a stack trace: stack traces may carry values from the data being processed.
  const message =
    err instanceof ConfigError || err instanceof AppError || err instanceof Error ? err.message : String(err);
  process.stderr.write(`supolka: ${message}\n`);
  process.exitCode = 1;
}
