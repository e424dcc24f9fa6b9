import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../core/config';
import { openContext } from '../core/bootstrap';
import { createLogger } from '../core/logging';
import { createServer } from '../server';
import { stableJson } from '../core/json';

/** Generates the OpenAPI document from the running route table; the committed copy must match it. */
export async function generateOpenApi(): Promise<string> {
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: 'sqlite::memory:',
    SUPOLKA_MASTER_KEY: Buffer.alloc(32, 1).toString('base64'),
  });
  const opened = await openContext(config, createLogger('silent'));
  try {
    const { app } = await createServer(opened, { demo: false });
    await app.ready();
    const doc = app.swagger();
    await app.close();
    return stableJson(doc);
  } finally {
    await opened.close();
  }
}

export function registerOpenApiCommand(program: Command): void {
  program
    .command('openapi')
    .description('write the OpenAPI 3.1 document generated from the server routes')
    .option('--output <file>', 'file to write', 'docs/openapi.json')
    .action(async (opts: { output: string }) => {
      const text = await generateOpenApi();
      fs.mkdirSync(path.dirname(path.resolve(opts.output)), { recursive: true });
      fs.writeFileSync(opts.output, text);
      process.stdout.write(`wrote ${opts.output}\n`);
    });
}
