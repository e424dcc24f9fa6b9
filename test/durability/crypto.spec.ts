import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config';
import { openContext } from '../../src/core/bootstrap';
import { Keyring, unwrap, wrap } from '../../src/core/crypto/keyring';
import {
  decodeMasterKey,
  generateMasterKeyText,
  KeyError,
  masterKeySource,
  writeKeyFile,
} from '../../src/core/crypto/master-key';
import { loadSodium } from '../../src/core/crypto/sodium';
import { createLogger } from '../../src/core/logging';
import { SourcesService } from '../../src/modules/sources/sources.service';
import type { Actor } from '../../src/core/access';
import { cliJson, runCli, withRawDb } from '../support/cli';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { makeSource, makeUser } from '../support/factories';

/**
 * A stolen database file or dump must not reveal encrypted notes, and the master key must be replaceable
 * without losing them. Markers are random so a hit in the raw bytes can only come from this test's data.
 */
const marker = (label: string): string => `${label}-${randomBytes(8).toString('hex')}`;

const readKeyText = (env: TestEnv): string =>
  fs.readFileSync(path.join(env.dataDir, 'master.key'), 'utf8').trim();
const masterKeyIds = (env: TestEnv): Promise<string[]> =>
  withRawDb(env, async (db) =>
    (await db.selectFrom('data_keys').select('master_key_id').execute()).map((r) => r.master_key_id),
  );

/** Creates an editor and a confidential source with marker notes; returns what a later check needs. */
async function seed(env: TestEnv): Promise<{ editor: Actor; id: string; title: string; notes: string }> {
  const opened = await openTestContext(env);
  try {
    const editor = await makeUser(opened.ctx, 'editor');
    const title = marker('TitleMarker');
    const notes = marker('SecretNotesMarker');
    const s = await makeSource(opened.ctx, editor, 'confidential', {
      title,
      notes,
      notesTier: 'confidential',
    });
    return { editor, id: s.id, title, notes };
  } finally {
    await opened.close();
  }
}

async function readNotes(env: TestEnv, editor: Actor, id: string): Promise<string | null | undefined> {
  const opened = await openTestContext(env);
  try {
    return (await new SourcesService(opened.ctx).get(editor, id)).notes;
  } finally {
    await opened.close();
  }
}

for (const engine of ENGINES) {
  describe(`encryption at rest and key rotation (${engine})`, () => {
    const envs: TestEnv[] = [];
    const fresh = async (extra: NodeJS.ProcessEnv = {}): Promise<TestEnv> => {
      const env = await createTestEnv(engine, extra);
      envs.push(env);
      return env;
    };
    afterAll(async () => {
      await Promise.all(envs.map((e) => e.destroy()));
    });

    it('stores notes only as ciphertext', async () => {
      const env = await fresh();
      const title = marker('TitleMarker');
      const notes = marker('SecretNotesMarker');
      const opened = await openTestContext(env);
      try {
        const editor = await makeUser(opened.ctx, 'editor');
        const s = await makeSource(opened.ctx, editor, 'confidential', {
          title,
          notes,
          notesTier: 'confidential',
        });
        const row = await opened.ctx.db
          .selectFrom('sources')
          .selectAll()
          .where('id', '=', s.id)
          .executeTakeFirstOrThrow();
        expect(row.notes_enc).toMatch(/^v1\./);
        expect(row.notes_enc).not.toContain(notes);
        expect(row.title).toBe(title);
        if (engine === 'sqlite') {
          // While open, recent pages live in the write-ahead log; both files are what a thief would copy.
          const file = opened.handle.file!;
          const bytes = Buffer.concat([
            fs.readFileSync(file),
            fs.existsSync(`${file}-wal`) ? fs.readFileSync(`${file}-wal`) : Buffer.alloc(0),
          ]);
          // The title is stored in clear: finding it shows the scan looks where the row really is.
          expect(bytes.includes(title)).toBe(true);
          expect(bytes.includes(notes)).toBe(false);
        }
      } finally {
        await opened.close();
      }
      if (env.config.database.engine === 'sqlite') {
        // Closing checkpoints the log into the main file; the notes must not appear there either.
        const bytes = fs.readFileSync(env.config.database.file);
        expect(bytes.includes(title)).toBe(true);
        expect(bytes.includes(notes)).toBe(false);
      }
      // Nor is the master key itself anywhere in the database.
      const keyBytes = Buffer.from(readKeyText(env), 'base64');
      const dump = await withRawDb(env, (db) => db.selectFrom('data_keys').selectAll().execute());
      expect(JSON.stringify(dump)).not.toContain(keyBytes.toString('base64'));
    });

    it('keys rotate (key file) replaces the master key and the data stays readable', async () => {
      const env = await fresh();
      const { editor, id, notes } = await seed(env);
      const oldText = readKeyText(env);
      const [oldId] = await masterKeyIds(env);

      const run = await runCli(env.env, ['keys', 'rotate']);
      expect(run.code, run.stderr).toBe(0);
      const out = cliJson<{ rewrapped: number; oldMasterKeyId: string; newMasterKeyId: string }>(run);
      expect(out.rewrapped).toBe(1);
      expect(out.oldMasterKeyId).toBe(oldId);

      const newText = readKeyText(env);
      expect(newText).not.toBe(oldText);
      expect(fs.existsSync(path.join(env.dataDir, 'master.key.new'))).toBe(false);
      expect((fs.statSync(path.join(env.dataDir, 'master.key')).mode & 0o777).toString(8)).toBe('600');
      expect(await masterKeyIds(env)).toEqual([out.newMasterKeyId]);
      expect(out.newMasterKeyId).not.toBe(oldId);

      expect(await readNotes(env, editor, id)).toBe(notes);
      await withRawDb(env, async (db) => {
        await expect(Keyring.open(db, masterKeySource({ source: 'env', value: oldText }))).rejects.toThrow(
          KeyError,
        );
        const { keyring } = await Keyring.open(db, masterKeySource({ source: 'env', value: newText }));
        expect(keyring).toBeDefined();
      });
    });

    it('keys rotate --out with SUPOLKA_MASTER_KEY writes the new key elsewhere', async () => {
      const oldText = generateMasterKeyText();
      const env = await fresh({ SUPOLKA_MASTER_KEY: oldText });
      const { editor, id, notes } = await seed(env);
      // The env key is never written to disk.
      expect(fs.existsSync(path.join(env.dataDir, 'master.key'))).toBe(false);

      const refused = await runCli(env.env, ['keys', 'rotate']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('--out');

      const outFile = path.join(env.dataDir, 'rotated', 'new.key');
      const run = await runCli(env.env, ['keys', 'rotate', '--out', outFile]);
      expect(run.code, run.stderr).toBe(0);
      const newText = fs.readFileSync(outFile, 'utf8').trim();
      expect(newText).not.toBe(oldText);
      expect(cliJson<{ newMasterKeyId: string }>(run).newMasterKeyId).toBe((await masterKeyIds(env))[0]);

      // A second rotation must not overwrite a key file that may be the only copy of a key.
      const again = await runCli(env.env, ['keys', 'rotate', '--out', outFile]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('exists already');
      expect(fs.readFileSync(outFile, 'utf8').trim()).toBe(newText);

      await expect(openTestContext(env)).rejects.toThrow(/SUPOLKA_MASTER_KEY does not open/);
      const viaEnv: TestEnv = { ...env, config: loadConfig({ ...env.env, SUPOLKA_MASTER_KEY: newText }) };
      expect(await readNotes(viaEnv, editor, id)).toBe(notes);
      const viaFile: TestEnv = {
        ...env,
        config: loadConfig({ ...env.env, SUPOLKA_MASTER_KEY: undefined, SUPOLKA_MASTER_KEY_FILE: outFile }),
      };
      expect(await readNotes(viaFile, editor, id)).toBe(notes);
    });

    it('keys rotate after an interrupted rotation keeps the only key that opens the data', async () => {
      const env = await fresh();
      const { editor, id, notes } = await seed(env);
      const keyFile = path.join(env.dataDir, 'master.key');
      // Reproduce a crash between re-wrapping and renaming: data keys wrapped by `master.key.new`, old file in place.
      const sodium = await loadSodium();
      const oldKey = decodeMasterKey(readKeyText(env));
      const pendingText = generateMasterKeyText();
      const pendingKey = decodeMasterKey(pendingText);
      writeKeyFile(`${keyFile}.new`, pendingText);
      await withRawDb(env, async (db) => {
        for (const row of await db.selectFrom('data_keys').selectAll().execute()) {
          const wrapped = wrap(sodium, pendingKey, unwrap(sodium, oldKey, row.wrapped_key));
          await db
            .updateTable('data_keys')
            .set({ wrapped_key: wrapped, master_key_id: pendingKey.id })
            .where('id', '=', row.id)
            .execute();
        }
      });
      expect(await readNotes(env, editor, id)).toBe(notes);

      const run = await runCli(env.env, ['keys', 'rotate']);
      expect(run.code, run.stderr).toBe(0);
      expect(cliJson<{ oldMasterKeyId: string }>(run).oldMasterKeyId).toBe(pendingKey.id);
      expect(fs.existsSync(`${keyFile}.new`)).toBe(false);
      expect(await readNotes(env, editor, id)).toBe(notes);
    });

    it('a wrong or missing master key stops start-up with a clear message and creates nothing', async () => {
      const env = await fresh();
      await seed(env);
      const keyFile = path.join(env.dataDir, 'master.key');
      const original = fs.readFileSync(keyFile, 'utf8');
      const [wrappedUnder] = await masterKeyIds(env);
      const silent = createLogger('silent');

      fs.writeFileSync(keyFile, `${generateMasterKeyText()}\n`, { mode: 0o600 });
      await expect(openContext(env.config, silent)).rejects.toThrow(/does not open this database's keys/);
      const cli = await runCli(env.env, ['audit', 'verify']);
      expect(cli.code).toBe(1);
      expect(cli.stderr).toMatch(/^supolka: The master key at .* does not open/);

      fs.rmSync(keyFile);
      await expect(openContext(env.config, silent)).rejects.toThrow(/No master key found/);
      expect(fs.existsSync(keyFile)).toBe(false);

      fs.writeFileSync(keyFile, 'not a key\n');
      await expect(openContext(env.config, silent)).rejects.toThrow(/32 bytes/);

      const wrongEnv = loadConfig({ ...env.env, SUPOLKA_MASTER_KEY: generateMasterKeyText() });
      await expect(openContext(wrongEnv, silent)).rejects.toThrow(/SUPOLKA_MASTER_KEY does not open/);

      // Nothing was re-keyed by the failed attempts: the original key still opens the data.
      expect(await masterKeyIds(env)).toEqual([wrappedUnder]);
      fs.writeFileSync(keyFile, original, { mode: 0o600 });
      const reopened = await openTestContext(env);
      expect(reopened.createdMasterKey).toBe(false);
      await reopened.close();
    });
  });
}
