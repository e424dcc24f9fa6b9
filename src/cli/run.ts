import { loadConfig } from '../core/config';
import { openContext, type OpenedContext } from '../core/bootstrap';
import { createLogger } from '../core/logging';

/** Runs a command body with an opened context and always closes the database afterwards. */
export async function withContext<T>(body: (opened: OpenedContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  // Commands print their own results on stdout; the logger only speaks up for warnings.
  const opened = await openContext(
    config,
    createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel),
  );
  try {
    return await body(opened);
  } finally {
    await opened.close();
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Reads a secret from standard input (one line) so it never appears in shell history or `ps`. */
export async function readSecretFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
