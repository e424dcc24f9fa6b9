import { canReadField, type Actor } from '../../core/access';
import type { AppContext } from '../../core/context';
import type { DB } from '../../core/db/database';
import { AppError } from '../../core/errors';
import { nowIso } from '../../core/time';
import { perpNames, violationDescContext } from '../accountability/accountability.presenter';
import { AccountabilityRepository, visiblePersons } from '../accountability/accountability.repository';
import { sourceLinksFor } from '../sources/sources.repository';
import { PerpetratorsRepository } from '../accountability/perpetrators.repository';
import { PerpetratorsService } from '../accountability/perpetrators.service';
import { ViolationsRepository } from '../accountability/violations.repository';
import { decryptName } from '../registry/persons.presenter';
import { consentAllows, dec, presentCustody, presentEvidence } from './evidence.presenter';
import { EvidenceRepository } from './evidence.repository';
import type { CustodyEntry, PackageInput, Recipient } from './evidence.schema';
import type { PackContent, PackEvidence } from './package.content';

const safeName = (s: string): string => s.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 120) || 'original';

/**
 * Chooses what a case-file package holds: the records the author can see, one step out from those chosen,
 * cut down to what the recipient may receive (tier, consent). Nothing here writes.
 */
export class PackageCollector {
  private readonly records = new AccountabilityRepository();
  private readonly perpetrators = new PerpetratorsRepository();
  private readonly violations = new ViolationsRepository();
  private readonly evidence = new EvidenceRepository();

  constructor(private readonly ctx: AppContext) {}

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
      await this.perpetrators.visiblePerpetrators(trx, actor, input.perpetratorIds),
      input.perpetratorIds,
    );
    const explicitViolations = requireAll(
      await this.violations.visibleViolations(trx, actor, input.violationIds),
      input.violationIds,
    );
    const explicitCases = requireAll(
      await this.records.visibleCases(trx, actor, input.caseIds),
      input.caseIds,
    );
    // One step out: perpetrators of the chosen cases and violations, and the targets of chosen perpetrators.
    const inbound = [
      ...(await this.perpetrators.linksTo(trx, 'case', input.caseIds)),
      ...(await this.perpetrators.linksTo(trx, 'violation', input.violationIds)),
    ];
    const morePerps = await this.perpetrators.visiblePerpetrators(
      trx,
      actor,
      inbound.map((l) => l.perpetrator_id),
    );
    const allPerps = dedupe([...perps, ...morePerps]).filter((p) => allowTier(p.tier));
    const links = await new PerpetratorsService(this.ctx).visibleLinks(
      trx,
      actor,
      await this.perpetrators.linksOf(
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
      ...(await this.violations.visibleViolations(
        trx,
        actor,
        links.filter((l) => l.targetType === 'violation').map((l) => l.targetId),
      )),
    ]).filter((v) => allowTier(v.tier));
    const victims = await this.violations.victimIds(
      trx,
      violations.map((v) => v.id),
    );
    const people = (
      await visiblePersons(trx, actor, [...victims.map((v) => v.person_id), ...cases.map((c) => c.person_id)])
    ).filter((p) => allowTier(p.tier));
    const peopleIds = new Set(people.map((p) => p.id));
    const shownCases = cases.filter((c) => peopleIds.has(c.person_id));
    const personNames = await this.records.personNamesFor(
      trx,
      people.map((p) => p.id),
    );
    const [names, positions] = await Promise.all([
      this.perpetrators.namesFor(
        trx,
        allPerps.map((p) => p.id),
      ),
      this.perpetrators.positionsFor(
        trx,
        allPerps.map((p) => p.id),
      ),
    ]);
    const violationSources = await sourceLinksFor(trx, actor, [
      { entityType: 'violation', ids: violations.map((v) => v.id) },
    ]);
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
    const exportedIds = new Set(allowed.map((e) => e.id));
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
    // The originals' blob rows, so the export opens each one without another query.
    const blobRows = await this.evidence.blobs(
      trx,
      allowed.map((e) => e.blob_address),
    );
    const blobs = new Map(blobRows.map((b) => [b.address, b]));
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
        custody: custody
          .filter((c) => c.entity_id === e.id)
          .map((c) => exportedCustody(presentCustody(c, usernames), exportedIds)),
        blob: blobs.get(e.blob_address),
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

/**
 * A "copied" event names the copy; like a link, it may name only an item that is in the package, since
 * the author may not be allowed to see the copy (or the recipient to receive it).
 */
function exportedCustody(entry: CustodyEntry, exportedIds: ReadonlySet<string>): CustodyEntry {
  const copyId = entry.detail.copyId;
  if (entry.event !== 'copied' || typeof copyId !== 'string' || exportedIds.has(copyId)) return entry;
  const { copyId: _hidden, ...detail } = entry.detail;
  return { ...entry, detail };
}
