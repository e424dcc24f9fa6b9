import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import type { Actor } from '../../src/core/access';
import { openContext, type OpenedContext } from '../../src/core/bootstrap';
import { createLogger } from '../../src/core/logging';
import type { App } from '../../src/core/http/types';
import { buildIntakeServer } from '../../src/intake-server';
import { loadIntakeConfig, type IntakeConfig } from '../../src/modules/intake/intake.config';
import {
  b64,
  encryptFile,
  encryptJson,
  newMessageKey,
  sealKey,
  sodium,
} from '../../src/modules/intake/intake.crypto';
import { solvePow } from '../../src/modules/intake/limits';
import { META_PAD_FLOOR } from '../../src/modules/intake/padding';
import { createTestEnv, type TestEnv } from '../support/context';
import { buildTestApp } from '../support/api';
import { makeUser } from '../support/factories';
import { openSession, asSession, type RawSession, type Method } from '../support/session';

/** A fictional source's connection details: none of them may ever be found in storage or logs. */
export const SOURCE_IP = '203.0.113.77';
export const SOURCE_UA = 'ZqUserAgent/9.9 (FictionalOS; QxBrowser)';
export const FORWARDED_IP = '198.51.100.23';

export interface IntakeHarness {
  env: TestEnv;
  opened: OpenedContext;
  staff: App;
  site: Awaited<ReturnType<typeof buildIntakeServer>>;
  cfg: IntakeConfig;
  logs: string[];
  recipient: Actor;
  session: RawSession;
  call(method: Method, url: string, body?: unknown): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function openHarness(
  engine: 'sqlite' | 'postgres',
  extra: NodeJS.ProcessEnv = {},
): Promise<IntakeHarness> {
  const env = await createTestEnv(engine, {
    SUPOLKA_INTAKE_POW_BITS: '4',
    SUPOLKA_INTAKE_MAX_FILES: '3',
    SUPOLKA_INTAKE_MAX_FILE_BYTES: '200000',
    SUPOLKA_INTAKE_RECEIPT_CHECKS_PER_MINUTE: '1000',
    SUPOLKA_INTAKE_SUBMISSIONS_PER_MINUTE: '1000',
    ...extra,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(chunk.toString('utf8'));
      cb();
    },
  });
  // Everything at trace level, so a leak anywhere in logging would be caught.
  const opened = await openContext(env.config, createLogger('trace', sink));
  const cfg = loadIntakeConfig(env.env);
  // The staff app reads the intake settings from the process environment, as in production where both
  // processes share one; set them for the build and put the environment back afterwards.
  const saved = { ...process.env };
  for (const [k, v] of Object.entries(env.env)) if (k.startsWith('SUPOLKA_INTAKE_')) process.env[k] = v;
  const staff = await buildTestApp(opened).finally(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  });
  const site = await buildIntakeServer(opened.ctx, cfg);
  await site.app.ready();
  const recipient = await makeUser(opened.ctx, 'editor');
  const session = await openSession(staff, recipient.username);
  const call = (method: Method, url: string, body?: unknown) => asSession(staff, session, method, url, body);
  return {
    env,
    opened,
    staff,
    site,
    cfg,
    logs,
    recipient,
    session,
    call,
    close: async () => {
      await site.app.close();
      await staff.close();
      await opened.close();
      await env.destroy();
    },
  };
}

/** A multipart body as a browser with JavaScript off sends it. */
export function multipart(
  fields: Record<string, string>,
  files: Array<{ name: string; type: string; data: Buffer }> = [],
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----zqboundary' + Math.random().toString(36).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`,
      ),
      f.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** Headers that identify a source; the site must drop all of them. */
export const identifyingHeaders = {
  'user-agent': SOURCE_UA,
  'x-forwarded-for': FORWARDED_IP,
  'x-real-ip': FORWARDED_IP,
  referer: 'https://zq-referrer.example/secret-page',
};

export function receiptFrom(html: string): string {
  const m = /<output id="receipt-number">([\d ]+)<\/output>/.exec(html);
  if (!m?.[1]) throw new Error('no receipt on the page');
  return m[1].replace(/ /g, '');
}

/** Does in Node exactly what site/client.ts does in the browser: encrypt, seal, solve the proof of work. */
export async function jsSubmit(
  h: Pick<IntakeHarness, 'site'>,
  body: unknown,
  files: Array<{ name: string; type: string; data: Buffer }> = [],
  extra: { token?: string; url?: string; headers?: Record<string, string> } = {},
): Promise<LightMyRequestResponse> {
  const s = await sodium();
  const holders = (await h.site.app.inject({ method: 'GET', url: '/api/recipients' })).json<{
    holders: Array<{ id: string; publicKey: string }>;
  }>().holders;
  const pow = (await h.site.app.inject({ method: 'GET', url: '/api/pow' })).json<{
    challenge: string;
    bits: number;
  }>();
  const key = newMessageKey(s);
  const payload = {
    pow: { challenge: pow.challenge, nonce: solvePow(pow.challenge, pow.bits) },
    lang: 'ru',
    ...(extra.token ? { token: extra.token } : {}),
    message: {
      ciphertext: encryptJson(s, key, body),
      keys: holders.map((x) => ({ holder: x.id, sealed: sealKey(s, key, x.publicKey) })),
    },
    files: files.map((f) => ({
      meta: encryptJson(s, key, { name: f.name, type: f.type, size: f.data.length }, META_PAD_FLOOR),
      data: b64(encryptFile(s, key, f.data)),
    })),
  };
  return h.site.app.inject({
    method: 'POST',
    url: extra.url ?? '/api/submit',
    remoteAddress: SOURCE_IP,
    headers: { ...identifyingHeaders, ...extra.headers },
    payload,
  });
}

/**
 * Every byte the installation has written: the data folder (SQLite database with its -wal/-shm files,
 * stored attachments, master key), for PostgreSQL a full `pg_dump` of the database (every table, whatever
 * its name), and every log line captured at trace level.
 */
export function everythingStored(h: IntakeHarness): Promise<Buffer> {
  const p = storedParts(h);
  return Promise.resolve(Buffer.concat([p.database, p.files, p.logs]));
}

/** The same, kept apart, so a test can show that each part of the scan finds what is there. */
export function storedParts(h: IntakeHarness): { database: Buffer; files: Buffer; logs: Buffer } {
  const db: Buffer[] = [];
  const files: Buffer[] = [];
  const target = h.env.config.database;
  const sqliteFiles =
    target.engine === 'sqlite'
      ? new Set([target.file, `${target.file}-wal`, `${target.file}-shm`])
      : new Set<string>();
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && !sqliteFiles.has(p)) files.push(fs.readFileSync(p));
    }
  };
  walk(h.env.dataDir);
  if (target.engine === 'sqlite') {
    if (!fs.existsSync(target.file)) throw new Error('SQLite file not found');
    for (const f of sqliteFiles) if (fs.existsSync(f)) db.push(fs.readFileSync(f));
  }
  if (target.engine === 'postgres') {
    db.push(
      execFileSync('pg_dump', ['--no-owner', '--inserts', target.url], { maxBuffer: 256 * 1024 * 1024 }),
    );
  }
  return { database: Buffer.concat(db), files: Buffer.concat(files), logs: Buffer.from(h.logs.join('\n')) };
}

/** A JPEG with an EXIF segment carrying a marker (as a camera's GPS or serial would be). */
export function jpegWithExif(marker: string): Buffer {
  const exifBody = Buffer.concat([Buffer.from('Exif\0\0'), Buffer.from(`MM\0*${marker}`)]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1]), u16(exifBody.length + 2), exifBody]);
  const jfifBody = Buffer.from([0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const app0 = Buffer.concat([Buffer.from([0xff, 0xe0]), u16(jfifBody.length + 2), jfifBody]);
  const com = Buffer.concat([Buffer.from([0xff, 0xfe]), u16(marker.length + 2), Buffer.from(marker)]);
  const sos = Buffer.from([0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00, 0x12, 0x34, 0x56]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, app1, com, sos, Buffer.from([0xff, 0xd9])]);
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

export async function readOnDisk(file: string): Promise<Buffer> {
  return fs.promises.readFile(file);
}
