import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access';
import type { OpenedContext } from '../../src/core/bootstrap';
import { PerpetratorsService } from '../../src/modules/accountability/perpetrators.service';
import { EvidenceService, evidenceStore } from '../../src/modules/evidence/evidence.service';
import { copyQuery } from '../../src/modules/evidence/evidence.schema';
import { PackageService } from '../../src/modules/evidence/package.service';
import { verifyPackage } from '../../src/modules/evidence/package.verify';
import { readZipEntries } from '../../src/core/archive/zip';
import { createTestEnv, ENGINES, openTestContext, type TestEnv } from '../support/context';
import { runCli } from '../support/cli';
import { makeUser } from '../support/factories';
import { makePerson } from '../support/registry-factories';
import { makeEvidence, makePerpetrator, makeViolation } from './evidence-fixtures';
import { entries, type Manifest } from './package-files';

for (const engine of ENGINES) {
  describe(`case-file packages (${engine})`, () => {
    let env: TestEnv;
    let opened: OpenedContext;
    let author: Actor;
    let exporter: Actor;
    let tmp: string;

    beforeAll(async () => {
      env = await createTestEnv(engine);
      opened = await openTestContext(env);
      author = await makeUser(opened.ctx, 'editor');
      // A viewer reads public and internal records only: confidential ones are hidden from them.
      exporter = await makeUser(opened.ctx, 'viewer');
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'supolka-pkg-'));
    });
    afterAll(async () => {
      await opened?.close();
      await env?.destroy();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('includes only items whose consent allows the recipient and records the author can see; verify passes', async () => {
      const ctx = opened.ctx;
      const victim = await makePerson(ctx, author, 'public');
      const hiddenVictim = await makePerson(ctx, author, 'confidential');
      const perp = await makePerpetrator(ctx, author, 'internal', {
        names: [
          { script: 'be', kind: 'primary', value: 'Змiцер Фiктыўны' },
          { script: 'ru', kind: 'alias', value: 'Дмитрий Фиктивный' },
          { script: 'latn', kind: 'alias', value: 'Dzmitry Fiktyuny' },
        ],
      });
      const violation = await makeViolation(ctx, author, 'internal', [victim.id, hiddenVictim.id]);
      const hiddenViolation = await makeViolation(ctx, author, 'confidential');
      const perps = new PerpetratorsService(ctx);
      await perps.addLink(author, perp.id, {
        targetType: 'violation',
        targetId: violation.id,
        role: 'arresting_officer',
        sourceIds: [],
      });
      await perps.addLink(author, perp.id, {
        targetType: 'violation',
        targetId: hiddenViolation.id,
        role: 'judge',
        sourceIds: [],
      });
      await perps.addLink(author, perp.id, {
        targetType: 'case',
        targetId: victim.cases[0]!.id,
        role: 'judge',
        sourceIds: [],
      });
      const link = (id: string) => [{ entityType: 'perpetrator', entityId: id }];
      const courts = await makeEvidence(ctx, author, 'internal', {
        consent: ['courts'],
        links: link(perp.id),
        title: 'For courts',
      });
      const publicOk = await makeEvidence(ctx, author, 'internal', {
        consent: ['public'],
        links: [{ entityType: 'violation', entityId: violation.id }],
      });
      const nobody = await makeEvidence(ctx, author, 'internal', { consent: [], links: link(perp.id) });
      const unOnly = await makeEvidence(ctx, author, 'internal', {
        consent: ['un_osce'],
        links: link(perp.id),
      });
      const confidential = await makeEvidence(ctx, author, 'confidential', {
        consent: ['courts'],
        links: link(perp.id),
      });
      const onHidden = await makeEvidence(ctx, author, 'internal', {
        consent: ['courts'],
        links: [{ entityType: 'violation', entityId: hiddenViolation.id }],
      });

      const view = await new PackageService(ctx).create(exporter, {
        recipient: 'courts',
        title: 'Fictional case file',
        perpetratorIds: [perp.id],
        violationIds: [],
        caseIds: [],
        evidenceIds: [],
      });
      expect(view.evidenceIncluded).toBe(2);
      const { file } = await new PackageService(ctx).file(exporter, view.id);
      const files = await entries(file);
      const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as Manifest;
      const ids = manifest.evidence.map((e) => e.id).sort();
      expect(ids).toEqual([courts.view.id, publicOk.view.id].sort());
      for (const excluded of [nobody, unOnly, confidential, onHidden]) {
        expect(ids).not.toContain(excluded.view.id);
        expect([...files.values()].some((b) => b.equals(excluded.content))).toBe(false);
      }
      expect(manifest.evidenceWithheldByConsent).toBe(2);
      // Original bytes are inside, byte for byte.
      const stored = manifest.files.find((f) => f.sha256 === courts.view.sha256)!;
      expect(files.get(stored.path)!.equals(courts.content)).toBe(true);
      // Records the exporter cannot see are absent; the visible ones are FtM entities.
      const entityIds = manifest.entities.map((e) => e.id);
      expect(entityIds).toContain(`violation-${violation.id}`);
      expect(entityIds).not.toContain(`violation-${hiddenViolation.id}`);
      expect(entityIds).toContain(`person-${victim.id}`);
      expect(entityIds).not.toContain(`person-${hiddenVictim.id}`);
      expect(entityIds).toContain(`case-${victim.cases[0]!.id}`);
      expect(manifest.entities.find((e) => e.id === `perpetrator-${perp.id}`)?.schema).toBe('Person');
      expect(manifest.entities.some((e) => e.schema === 'Occupancy')).toBe(true);
      const html = files.get('summary.html')!.toString('utf8');
      for (const n of ['Змiцер Фiктыўны', 'Дмитрий Фиктивный', 'Dzmitry Fiktyuny']) expect(html).toContain(n);
      // Export is a custody event, and the custody log travels with the item.
      expect(manifest.evidence.find((e) => e.id === courts.view.id)!.custody.map((c) => c.event)).toContain(
        'received',
      );
      const custody = await new EvidenceService(ctx).custody(author, courts.view.id);
      expect(custody.items.map((i) => i.event)).toContain('exported');
      expect(
        (await new EvidenceService(ctx).custody(author, nobody.view.id)).items.map((i) => i.event),
      ).not.toContain('exported');

      const result = await verifyPackage(file);
      expect(result).toMatchObject({ ok: true, signatureValid: true, problems: [] });
      expect(result.filesChecked).toBe(3);
      fs.copyFileSync(file, path.join(tmp, 'good.zip'));
      fs.writeFileSync(path.join(tmp, 'manifest-of-good.json'), files.get('manifest.json')!);
      fs.writeFileSync(path.join(tmp, 'key.json'), files.get('signing-key.json')!);
    });

    it('a custody "copied" event names the copy only when the copy is in the package', async () => {
      const ctx = opened.ctx;
      const perp = await makePerpetrator(ctx, author, 'public');
      const toPerp = [{ entityType: 'perpetrator', entityId: perp.id }];
      const original = await makeEvidence(ctx, author, 'public', { consent: ['courts'], links: toPerp });
      const service = new EvidenceService(ctx);
      const copyOf = async (consent: string) =>
        service.copy(
          author,
          original.view.id,
          copyQuery.parse({ derivation: 'redacted', title: 'Fictional redacted copy', consent }),
          [Buffer.from(`fictional copy ${consent}`)],
          'text/plain',
        );
      // Withheld from a package for courts by its own consent, so the package must not name it.
      const withheld = await copyOf('');
      const included = await copyOf('courts');
      const pkg = new PackageService(ctx);
      const view = await pkg.create(exporter, {
        recipient: 'courts',
        title: 'Fictional copies',
        perpetratorIds: [perp.id],
        violationIds: [],
        caseIds: [],
        evidenceIds: [],
      });
      const { file } = await pkg.file(exporter, view.id);
      const manifest = JSON.parse((await entries(file)).get('manifest.json')!.toString('utf8')) as Manifest;
      expect(manifest.evidence.map((e) => e.id).sort()).toEqual([original.view.id, included.id].sort());
      const copied = manifest.evidence
        .find((e) => e.id === original.view.id)!
        .custody.filter((c) => c.event === 'copied');
      expect(copied).toHaveLength(2);
      expect(copied.map((c) => c.detail.copyId ?? null).sort()).toEqual([included.id, null].sort());
      expect(fs.readFileSync(file).includes(Buffer.from(withheld.id))).toBe(false);
      expect((await verifyPackage(file)).ok).toBe(true);
    });

    it('a tampered stored original stops the export: no file is left and nothing is audited as exported', async () => {
      const ctx = opened.ctx;
      const perp = await makePerpetrator(ctx, author, 'public');
      const toPerp = [{ entityType: 'perpetrator', entityId: perp.id }];
      const intact = await makeEvidence(ctx, author, 'public', { consent: ['courts'], links: toPerp });
      const tampered = await makeEvidence(ctx, author, 'public', { consent: ['courts'], links: toPerp });
      const row = await ctx.db
        .selectFrom('evidence_items')
        .select('blob_address')
        .where('id', '=', tampered.view.id)
        .executeTakeFirstOrThrow();
      const stored = evidenceStore(ctx).pathOf(row.blob_address);
      fs.chmodSync(stored, 0o600);
      const bytes = fs.readFileSync(stored);
      bytes[bytes.length - 40]! ^= 0x01;
      fs.writeFileSync(stored, bytes);
      const exportsDir = path.join(ctx.config.dataDir, 'exports');
      const before = fs.existsSync(exportsDir) ? fs.readdirSync(exportsDir).sort() : [];

      await expect(
        new PackageService(ctx).create(exporter, {
          recipient: 'courts',
          title: 'Fictional tampered',
          perpetratorIds: [perp.id],
          violationIds: [],
          caseIds: [],
          evidenceIds: [],
        }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(fs.readdirSync(exportsDir).sort()).toEqual(before);
      const exported = await ctx.db
        .selectFrom('audit_log')
        .select('entity_id')
        .where('action', '=', 'evidence.exported')
        .where('entity_id', 'in', [intact.view.id, tampered.view.id])
        .execute();
      expect(exported).toEqual([]);
    });

    it('`supolka evidence verify` accepts an intact package and names what is wrong with a tampered one', async () => {
      const good = path.join(tmp, 'good.zip');
      const ok = await runCli({}, ['evidence', 'verify', good], { timeoutMs: 60_000 });
      expect(ok.code, ok.stdout + ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/^OK/);

      // 1. One byte of an evidence file changed.
      const manifest = JSON.parse(
        fs.readFileSync(path.join(tmp, 'manifest-of-good.json'), 'utf8'),
      ) as Manifest;
      const target = manifest.files.find((f) => f.path.startsWith('evidence/'))!;
      const bytes = fs.readFileSync(good);
      const fh = await fs.promises.open(good, 'r');
      const entry = (await readZipEntries(fh)).find((e) => e.name === target.path)!;
      await fh.close();
      const flipped = Buffer.from(bytes);
      flipped[entry.dataOffset]! ^= 0x20;
      fs.writeFileSync(path.join(tmp, 'flipped.zip'), flipped);
      // Run without any database or configuration: an empty environment and a fresh working directory.
      const bad = await runCli({}, ['evidence', 'verify', path.join(tmp, 'flipped.zip')], {
        timeoutMs: 60_000,
      });
      expect(bad.code).toBe(1);
      expect(bad.stdout).toContain(`problem: SHA-256 differs: ${target.path}`);

      // 2. The manifest edited (a hash replaced): the signature no longer holds.
      const m = JSON.stringify(manifest.files[0]!.sha256);
      const idx = bytes.indexOf(Buffer.from(m.slice(1, -1)), bytes.indexOf(Buffer.from('"files"')));
      const edited = Buffer.from(bytes);
      // Replace the hash's first digit with a different one (writing '0' over a '0' would change nothing).
      edited.write(edited[idx] === 0x30 ? '1' : '0', idx);
      fs.writeFileSync(path.join(tmp, 'edited.zip'), edited);
      // The remaining cases call the same function the command runs (each CLI start is slow on a busy machine).
      const r = await verifyPackage(path.join(tmp, 'edited.zip'));
      expect(r.ok).toBe(false);
      expect(r.signatureValid).toBe(false);
      expect(r.problems.join('\n')).toMatch(/manifest signature is not valid/);

      // 3. A pinned key that is not the signer's.
      const other = await verifyPackage(good, 'A'.repeat(43) + '=');
      expect(other.ok).toBe(false);
      expect(other.problems).toContain('signed with a different key than the pinned one');
      const key = JSON.parse(fs.readFileSync(path.join(tmp, 'key.json'), 'utf8')) as {
        publicKey: string;
        fingerprint: string;
      };
      expect((await verifyPackage(good, key.publicKey)).ok).toBe(true);
      expect((await verifyPackage(good, key.fingerprint)).ok).toBe(true);

      // 4. Not a package at all.
      fs.writeFileSync(path.join(tmp, 'junk.zip'), 'not a zip');
      const junk = await verifyPackage(path.join(tmp, 'junk.zip'));
      expect(junk.ok).toBe(false);
      expect(junk.problems.join()).toContain('not a readable package');
    }, 120_000);

    it('the package opens with a standard unzip tool', () => {
      let listing = '';
      try {
        listing = execFileSync('python3', [
          '-c',
          'import sys,zipfile;z=zipfile.ZipFile(sys.argv[1]);print(z.testzip());print(len(z.namelist()))',
          path.join(tmp, 'good.zip'),
        ]).toString();
      } catch {
        return; // no python on this machine: nothing to compare with
      }
      expect(listing.trim().split('\n')).toEqual(['None', '6']);
    });
  });
}
