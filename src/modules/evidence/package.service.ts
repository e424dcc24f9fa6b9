import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { can, type Actor } from '../../core/access';
import { ZipWriter } from '../../core/archive/zip-writer';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { EvidenceIntegrityError } from './evidence.crypto';
import { EVIDENCE_ENTITY } from './evidence.repository';
import type { PackageInput, PackageView } from './evidence.schema';
import { evidenceStore } from './evidence.service';
import { PackageCollector } from './package.collect';
import { ftmEntities, summaryHtml } from './package.content';
import {
  KEY_FILE,
  MANIFEST,
  SIGNATURE,
  verifyPackage,
  type ManifestFile,
  type VerifyResult,
} from './package.verify';
import { signBytes, signingKey } from './signing';

const KEEP_HOURS = 24;

/**
 * Builds a signed case-file package for a chosen recipient from the records the author can see. Evidence
 * goes in only when its consent allows the recipient; each original is re-verified as it is copied in, and
 * a tampered one stops the export. The package is written to <dataDir>/exports (not backed up) and kept
 * for its author to download for a day.
 */
export class PackageService {
  constructor(private readonly ctx: AppContext) {}

  private get dir(): string {
    return path.join(this.ctx.config.dataDir, 'exports');
  }

  async create(actor: Actor, input: PackageInput): Promise<PackageView> {
    if (!can(actor, 'records:read')) throw new AppError('FORBIDDEN');
    const packageId = randomUUID();
    // Read before the transaction: on SQLite a query outside it would wait for it forever.
    const key = await signingKey(this.ctx);
    const content = await this.ctx.db
      .transaction()
      .execute((trx) =>
        new PackageCollector(this.ctx).collect(trx, actor, input, packageId, key.fingerprint),
      );
    await fsp.mkdir(this.dir, { recursive: true, mode: 0o700 });
    await this.sweep();
    const file = path.join(this.dir, `${packageId}.zip`);
    const fh = await fsp.open(file, 'wx', 0o600);
    const files: ManifestFile[] = [];
    try {
      const zip = new ZipWriter(fh);
      const store = evidenceStore(this.ctx);
      for (const e of content.evidence) {
        // Chosen and checked for visibility by the collector, inside its transaction, with the blob row.
        const { blob } = e;
        if (!blob) throw new AppError('INTERNAL');
        try {
          await zip.add(e.path, store.open(blob));
        } catch (err) {
          if (err instanceof EvidenceIntegrityError) {
            this.ctx.logger.error(
              { evidenceId: e.view.id },
              'evidence original failed its integrity check during export',
            );
            throw new AppError(
              'CONFLICT',
              `The stored original of evidence ${e.view.id} failed its integrity check; nothing was exported.`,
            );
          }
          throw err;
        }
        files.push({ path: e.path, sha256: e.view.sha256, size: e.view.size });
      }
      const html = Buffer.from(summaryHtml(content), 'utf8');
      await zip.add('summary.html', html);
      files.push({ path: 'summary.html', sha256: sha256(html), size: html.length });
      const manifest = Buffer.from(
        `${JSON.stringify(
          {
            format: 'supolka-case-file/1',
            packageId,
            title: content.title,
            recipient: content.recipient,
            createdAt: content.createdAt,
            createdBy: content.createdBy,
            signingKeyFingerprint: content.fingerprint,
            entities: ftmEntities(content),
            evidence: content.evidence.map((e) => ({
              id: e.view.id,
              path: e.path,
              title: e.view.title,
              kind: e.view.kind,
              sha256: e.view.sha256,
              size: e.view.size,
              mediaType: e.view.mediaType,
              originalId: e.view.originalId,
              derivation: e.view.derivation,
              capturedAt: e.view.capturedAt,
              capturedPlace: e.view.capturedPlace,
              collectedBy: e.view.collectedBy,
              language: e.view.language,
              consent: e.view.consent,
              consentRecordedBy: e.view.consentRecordedBy,
              consentRecordedAt: e.view.consentRecordedAt,
              linkedTo: e.view.links,
              custody: e.custody,
            })),
            evidenceWithheldByConsent: content.withheld,
            files,
          },
          null,
          2,
        )}\n`,
        'utf8',
      );
      const { signature, key } = await signBytes(this.ctx, manifest);
      await zip.add(MANIFEST, manifest);
      await zip.add(SIGNATURE, Buffer.from(`${signature}\n`));
      await zip.add(
        KEY_FILE,
        Buffer.from(
          `${JSON.stringify({ algorithm: 'Ed25519', publicKey: key.publicKey, fingerprint: key.fingerprint }, null, 2)}\n`,
        ),
      );
      await zip.finish();
      await fh.sync();
    } catch (err) {
      await fh.close();
      await fsp.rm(file, { force: true });
      throw err;
    }
    await fh.close();
    const digest = await fileSha256(file);
    const size = (await fsp.stat(file)).size;
    await this.ctx.db.transaction().execute(async (trx) => {
      for (const e of content.evidence)
        await this.ctx.audit.append(trx, {
          actorId: actor.id,
          action: 'evidence.exported',
          entityType: EVIDENCE_ENTITY,
          entityId: e.view.id,
          tier: e.view.tier,
          detail: { packageId, recipient: input.recipient, packageSha256: digest },
        });
      await this.ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'evidence.package',
        entityType: 'evidence_package',
        entityId: packageId,
        detail: {
          recipient: input.recipient,
          items: content.evidence.length,
          withheld: content.withheld,
          sha256: digest,
        },
      });
    });
    const view: PackageView = {
      id: packageId,
      fileName: `case-file-${packageId.slice(0, 8)}.zip`,
      size,
      sha256: digest,
      recipient: input.recipient,
      evidenceIncluded: content.evidence.length,
      evidenceWithheld: content.withheld,
      fingerprint: content.fingerprint,
    };
    await fsp.writeFile(
      path.join(this.dir, `${packageId}.json`),
      JSON.stringify({ ...view, createdBy: actor.id }),
      { mode: 0o600 },
    );
    return view;
  }

  /** The package file, for its author only; anyone else gets the same answer as for a missing one. */
  async file(actor: Actor, id: string): Promise<{ file: string; view: PackageView }> {
    try {
      const meta = JSON.parse(
        await fsp.readFile(path.join(this.dir, `${id}.json`), 'utf8'),
      ) as PackageView & { createdBy: string };
      if (meta.createdBy !== actor.id) throw new AppError('NOT_FOUND');
      const { createdBy: _c, ...view } = meta;
      return { file: path.join(this.dir, `${id}.zip`), view };
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('NOT_FOUND');
    }
  }

  async verify(actor: Actor, id: string): Promise<VerifyResult> {
    const { file } = await this.file(actor, id);
    const key = await signingKey(this.ctx);
    return verifyPackage(file, key.publicKey);
  }

  private async sweep(): Promise<void> {
    const cutoff = Date.now() - KEEP_HOURS * 3_600_000;
    for (const name of await fsp.readdir(this.dir)) {
      const p = path.join(this.dir, name);
      const st = await fsp.stat(p).catch(() => undefined);
      if (st && st.mtimeMs < cutoff) await fsp.rm(p, { force: true });
    }
  }
}

function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

async function fileSha256(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}
