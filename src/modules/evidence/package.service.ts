import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { can, canReadField, type Actor } from '../../core/access';
import type { AppContext } from '../../core/context';
import type { DB } from '../../core/db/database';
import { AppError } from '../../core/errors';
import { nowIso } from '../../core/time';
import { perpNames, violationDescContext } from '../accountability/accountability.presenter';
import {
  AccountabilityRepository,
  sourcesFor,
  visiblePersons,
} from '../accountability/accountability.repository';
import { PerpetratorsService } from '../accountability/perpetrators.service';
import { decryptName } from '../registry/persons.presenter';
import { EvidenceIntegrityError } from './evidence.crypto';
import { consentAllows, dec, presentCustody, presentEvidence } from './evidence.presenter';
import { EVIDENCE_ENTITY, EvidenceRepository } from './evidence.repository';
import type { PackageInput, PackageView, Recipient } from './evidence.schema';
import { evidenceStore } from './evidence.service';
import { ftmEntities, summaryHtml, type PackContent, type PackEvidence } from './package.content';
import {
  KEY_FILE,
  MANIFEST,
  SIGNATURE,
  verifyPackage,
  type ManifestFile,
  type VerifyResult,
} from './package.verify';
import { signBytes, signingKey } from './signing';
import { ZipWriter } from '../../core/archive/zip-writer';

const KEEP_HOURS = 24;
const safeName = (s: string): string => s.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 120) || 'original';

/**
 * Builds a signed case-file package for a chosen recipient from the records the author can see. Evidence
 * goes in only when its consent allows the recipient; each original is re-verified as it is copied in, and
 * a tampered one stops the export. The package is written to <dataDir>/exports (not backed up) and kept
 * for its author to download for a day.
 */
export class PackageService {
  private readonly records = new AccountabilityRepository();
  private readonly evidence = new EvidenceRepository();

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
      .execute((trx) => this.collect(trx, actor, input, packageId, key.fingerprint));
    await fsp.mkdir(this.dir, { recursive: true, mode: 0o700 });
    await this.sweep();
    const file = path.join(this.dir, `${packageId}.zip`);
    const fh = await fsp.open(file, 'wx', 0o600);
    const files: ManifestFile[] = [];
    try {
      const zip = new ZipWriter(fh);
      const store = evidenceStore(this.ctx);
      for (const e of content.evidence) {
        const item = (await this.evidence.visible(this.ctx.db, actor, [e.view.id]))[0]!;
        const blob = await this.evidence.blob(this.ctx.db, item.blob_address);
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

  /** Everything the package will hold, as the author sees it and as the recipient may receive it. */
  async collect(
    trx: DB,
    actor: Actor,
    input: PackageInput,
    packageId: string,
    fingerprint: string,
  ): Promise<PackContent> {
    const recipient: Recipient = input.recipient;
    // A public package carries only records that are public themselves.
    const allowTier = (tier: string) => recipient !== 'public' || tier === 'public';
    const requireAll = <T extends { id: string }>(rows: T[], ids: readonly string[]): T[] => {
      const seen = new Set(rows.map((r) => r.id));
      if (ids.some((id) => !seen.has(id))) throw new AppError('NOT_FOUND');
      return rows;
    };
    const perps = requireAll(
      await this.records.visiblePerpetrators(trx, actor, input.perpetratorIds),
      input.perpetratorIds,
    );
    const explicitViolations = requireAll(
      await this.records.visibleViolations(trx, actor, input.violationIds),
      input.violationIds,
    );
    const explicitCases = requireAll(
      await this.records.visibleCases(trx, actor, input.caseIds),
      input.caseIds,
    );
    // One step out: perpetrators of the chosen cases and violations, and the targets of chosen perpetrators.
    const inbound = [
      ...(await this.records.linksTo(trx, 'case', input.caseIds)),
      ...(await this.records.linksTo(trx, 'violation', input.violationIds)),
    ];
    const morePerps = await this.records.visiblePerpetrators(
      trx,
      actor,
      inbound.map((l) => l.perpetrator_id),
    );
    const allPerps = dedupe([...perps, ...morePerps]).filter((p) => allowTier(p.tier));
    const links = await new PerpetratorsService(this.ctx).visibleLinks(
      trx,
      actor,
      await this.records.linksOf(
        trx,
        allPerps.map((p) => p.id),
      ),
    );
    const cases = await this.records.visibleCases(trx, actor, [
      ...explicitCases.map((c) => c.id),
      ...links.filter((l) => l.targetType === 'case').map((l) => l.targetId),
    ]);
    const violations = dedupe([
      ...explicitViolations,
      ...(await this.records.visibleViolations(
        trx,
        actor,
        links.filter((l) => l.targetType === 'violation').map((l) => l.targetId),
      )),
    ]).filter((v) => allowTier(v.tier));
    const victims = await this.records.victimIds(
      trx,
      violations.map((v) => v.id),
    );
    const people = (
      await visiblePersons(trx, actor, [...victims.map((v) => v.person_id), ...cases.map((c) => c.person_id)])
    ).filter((p) => allowTier(p.tier));
    const peopleIds = new Set(people.map((p) => p.id));
    const shownCases = cases.filter((c) => peopleIds.has(c.person_id));
    const personNames = people.length
      ? await trx
          .selectFrom('person_names')
          .selectAll()
          .where(
            'person_id',
            'in',
            people.map((p) => p.id),
          )
          .orderBy('position')
          .execute()
      : [];
    const [names, positions] = await Promise.all([
      this.records.namesFor(
        trx,
        allPerps.map((p) => p.id),
      ),
      this.records.positionsFor(
        trx,
        allPerps.map((p) => p.id),
      ),
    ]);
    const violationSources = await sourcesFor(
      trx,
      actor,
      'violation',
      violations.map((v) => v.id),
    );
    const includedTargets = new Set([...shownCases.map((c) => c.id), ...violations.map((v) => v.id)]);

    // Evidence: items linked to anything in the package, plus items chosen by id; then consent decides.
    const linked = await this.evidence.visibleLinkedTo(trx, actor, [
      { entityType: 'perpetrator', ids: allPerps.map((p) => p.id) },
      { entityType: 'violation', ids: violations.map((v) => v.id) },
      { entityType: 'case', ids: shownCases.map((c) => c.id) },
      { entityType: 'person', ids: [...peopleIds] },
    ]);
    const chosen = requireAll(await this.evidence.visible(trx, actor, input.evidenceIds), input.evidenceIds);
    const candidates = dedupe([...linked, ...chosen]);
    // Consent decides, and a public package also needs the item itself to be public, like every record.
    const allowed = candidates.filter(
      (e) => allowTier(e.tier) && consentAllows(JSON.parse(e.consent) as Recipient[], recipient),
    );
    const inPackage = new Set([
      ...allPerps.map((p) => `perpetrator:${p.id}`),
      ...violations.map((v) => `violation:${v.id}`),
      ...shownCases.map((c) => `case:${c.id}`),
      ...[...peopleIds].map((id) => `person:${id}`),
    ]);
    const evLinks = await this.evidence.linksOf(
      trx,
      allowed.map((e) => e.id),
    );
    const custody = await this.evidence.custody(
      trx,
      allowed.map((e) => e.id),
    );
    const usernames = await this.evidence.usernames(trx, [
      actor.id,
      ...allowed.map((e) => e.consent_recorded_by),
      ...custody.flatMap((c) => (c.actor_id ? [c.actor_id] : [])),
    ]);
    const evidence: PackEvidence[] = allowed.map((e) => {
      const view = presentEvidence(e, evLinks, usernames, this.ctx.keyring);
      // Links name only records in this package: an id of a record the author cannot see stays out.
      view.links = view.links.filter((l) => inPackage.has(`${l.entityType}:${l.entityId}`));
      // Who gave the material is never exported: it protects the source.
      view.collectedFrom = null;
      view.notes = null;
      const fileName = dec(this.ctx.keyring, e.id, 'file_name', e.file_name_enc);
      return {
        view,
        path: `evidence/${e.id}/${safeName(fileName ?? 'original')}`,
        custody: custody.filter((c) => c.entity_id === e.id).map((c) => presentCustody(c, usernames)),
      };
    });
    return {
      packageId,
      title: input.title,
      recipient,
      createdAt: nowIso(),
      createdBy: usernames.get(actor.id) ?? actor.username,
      fingerprint,
      perpetrators: allPerps.map((p) => ({
        id: p.id,
        category: p.category,
        birthYear: p.birth_year,
        names: perpNames(
          names.filter((n) => n.perpetrator_id === p.id),
          this.ctx.keyring,
        ),
        positions: positions
          .filter((x) => x.perpetrator_id === p.id)
          .map((x) => ({
            id: x.id,
            institution: x.institution,
            title: x.title,
            from: x.from_on,
            to: x.to_on,
          })),
        links: links
          .filter((l) => l.perpetratorId === p.id && includedTargets.has(l.targetId))
          .map((l) => ({
            targetType: l.targetType,
            targetId: l.targetId,
            role: l.role,
            sources: l.sources.map((s) => s.url ?? s.title),
          })),
      })),
      persons: people.map((p) => {
        const readable =
          canReadField(actor, p.identity_tier, p.tier === 'sealed') &&
          (recipient !== 'public' || p.identity_tier === 'public');
        return {
          id: p.id,
          refCode: p.ref_code,
          names: readable
            ? personNames
                .filter((n) => n.person_id === p.id)
                .map((n) => ({ script: n.script, value: decryptName(n, this.ctx.keyring) }))
            : [],
        };
      }),
      cases: shownCases.map((c) => ({
        id: c.id,
        personId: c.person_id,
        caseNumber: c.case_number,
        court: c.court,
        detainedOn: c.detained_on,
        verdictOn: c.verdict_on,
      })),
      violations: violations.map((v) => ({
        id: v.id,
        type: v.type,
        occurredOn: v.occurred_on,
        occurredUntil: v.occurred_until,
        place: v.place,
        description: v.description_enc
          ? this.ctx.keyring.decrypt(v.description_enc, violationDescContext(v.id))
          : null,
        victimIds: victims
          .filter((x) => x.violation_id === v.id && peopleIds.has(x.person_id))
          .map((x) => x.person_id),
        sources: violationSources.filter((s) => s.entity_id === v.id).map((s) => s.url ?? s.title),
      })),
      evidence,
      withheld: candidates.length - allowed.length,
    };
  }
}

function dedupe<T extends { id: string }>(rows: T[]): T[] {
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.id) && seen.add(r.id));
}

function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

async function fileSha256(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}
