import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DB } from '../../src/core/db/database';
import { openDatabase } from '../../src/core/db/database';
import type { TestEnv } from './context';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(REPO_ROOT, 'bin', 'supolka.js');

/**
 * The environment a child process sees: the parent's, minus anything Supolka reads (so a developer's own
 * DATABASE_URL or master key cannot leak into a test), plus the test installation's variables.
 */
export function childEnv(env: NodeJS.ProcessEnv, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('SUPOLKA_') && k !== 'DATABASE_URL') base[k] = v;
  }
  return { ...base, ...env, SUPOLKA_LOG_LEVEL: 'silent', ...extra };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/supolka.js …` as a real child process and collects its output. */
export function runCli(
  env: NodeJS.ProcessEnv,
  args: string[],
  opts: { input?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: REPO_ROOT,
      env: childEnv(env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** Parses the JSON a command printed; fails loudly with the raw output so a broken CLI is easy to read. */
export function cliJson<T>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`CLI did not print JSON (exit ${result.code}): ${result.stdout} ${result.stderr}`);
  }
}

/** A second, independent connection to a test installation's database, for reading or tampering. */
export async function withRawDb<T>(env: TestEnv, body: (db: DB) => Promise<T>): Promise<T> {
  const handle = openDatabase(env.config.database);
  try {
    return await body(handle.db);
  } finally {
    await handle.close();
  }
}
