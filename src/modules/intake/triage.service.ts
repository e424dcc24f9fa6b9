import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../../core/access';
import type { SessionInfo } from '../../core/auth/auth.service';
import type { AppContext } from '../../core/context';
import type { IntakeStatus } from '../../core/db/schema-intake';
import { AppError } from '../../core/errors';
import { nowIso } from '../../core/time';
import { EvidenceService } from '../evidence/evidence.service';
import { PersonsService } from '../registry/persons.service';
import { ViolationsService } from '../accountability/violations.service';
import { decryptFile, decryptJson, sodium, today } from './intake.crypto';
import { IntakeRepository, type SubmissionRow } from './intake.repository';
import type { TriageInput } from './intake.schema';
import { SOURCE, sealPlain, type IntakeService } from './intake.service';
import { vaultSession, type RecipientVault } from './key-vault';
import { stripMetadata } from './metadata-strip';

export const CUSTODY_FIRST = 'received via secure channel';

export interface CustodyEntry {
  on: string;
  event: string;
  submissionId?: string;
  sha256?: string;
  by?: string;
}

/** The staff side: list, read (with an unlocked key), tag, assign, reply, triage, keep, delete, expire. */
export class TriageService {
  private readonly repo = new IntakeRepository();

  constructor(
    private readonly ctx: AppContext,
    private readonly intake: IntakeService,
    private readonly vault: RecipientVault,
  ) {}

  list(
    f: { status?: IntakeStatus | undefined; assignedTo?: string | undefined; tag?: string | undefined },
    limit: number,
    offset: number,
  ) {
    return this.repo.listSubmissions(this.ctx.db, f, limit, offset);
  }

  private async load(id: string): Promise<SubmissionRow> {
    const row = await this.repo.getSubmission(this.ctx.db, id);
    if (!row) throw new AppError('NOT_FOUND');
    return row;
  }

  /** The recipient whose key this session holds unlocked; refused when there is none. */
  private async unlocked(session: SessionInfo): Promise<string> {
    const recipientId = await this.vault.unlockedRecipient(vaultSession(session));
    if (!recipientId) throw new AppError('CONFLICT', 'Unlock your secure-channel key first.');
    return recipientId;
  }

  /** Message keys this session can open, by message id. */
  private async messageKeys(session: SessionInfo, submissionId: string): Promise<Map<string, Uint8Array>> {
    const recipientId = await this.unlocked(session);
    const sealed = [...(await this.repo.keysFor(this.ctx.db, submissionId, recipientId))];
    const opened = await this.vault.openSealed(
      vaultSession(session),
      sealed.map(([, k]) => k),
    );
    if (!opened) throw new AppError('CONFLICT', 'Unlock your secure-channel key first.');
    return new Map(sealed.map(([mid], i) => [mid, opened[i]!]));
  }

  async read(session: SessionInfo, id: string) {
    const { ctx } = this;
    const sub = await this.load(id);
    const s = await sodium();
    const keys = await this.messageKeys(session, id);
    const messages = (await this.repo.messages(ctx.db, id)).map((m) => {
      const key = keys.get(m.id);
      return {
        id: m.id,
        seq: m.seq,
        author: m.author,
        authorUserId: m.author_user_id,
        on: m.created_on,
        body: key ? (decryptJson(s, key, m.ciphertext) as Record<string, unknown>) : null,
      };
    });
    const files = (await this.repo.files(ctx.db, id)).map((f) => {
      const key = keys.get(f.message_id);
      const meta = key
        ? (decryptJson(s, key, f.meta_enc) as { name: string; type: string; size: number })
        : null;
      return {
        id: f.id,
        messageId: f.message_id,
        on: f.created_on,
        sha256: f.sha256,
        storedBytes: f.size_bytes,
        meta,
      };
    });
    const links = (await this.repo.links(ctx.db, id)).map((l) => ({
      id: l.id,
      entityType: l.entity_type,
      entityId: l.entity_id,
      custody: JSON.parse(l.custody) as CustodyEntry[],
      createdAt: l.created_at,
    }));
    await ctx.db.transaction().execute(async (trx) => {
      if (sub.unread) await this.repo.updateSubmission(trx, id, { unread: 0 });
      await ctx.audit.append(trx, {
        actorId: session.actor.id,
        action: 'intake.read',
        entityType: 'intake_submission',
        entityId: id,
      });
    });
    return { submission: sub, messages, files, links, readable: keys.size > 0 };
  }

  /** An attachment, decrypted; `stripped` returns the metadata-stripped copy (null when the type has none). */
  async file(session: SessionInfo, id: string, fileId: string, variant: 'original' | 'stripped') {
    const s = await sodium();
    const f = (await this.repo.files(this.ctx.db, id)).find((x) => x.id === fileId);
    if (!f) throw new AppError('NOT_FOUND');
    const key = (await this.messageKeys(session, id)).get(f.message_id);
    if (!key) throw new AppError('NOT_FOUND');
    const meta = decryptJson(s, key, f.meta_enc) as { name: string; type: string; size: number };
    const data = decryptFile(s, key, this.intake.files.read(f.stored_name), meta.size);
    await this.ctx.db.transaction().execute((trx) =>
      this.ctx.audit.append(trx, {
        actorId: session.actor.id,
        action: 'intake.file',
        entityType: 'intake_submission',
        entityId: id,
        detail: { variant },
      }),
    );
    if (variant === 'original') return { name: meta.name, type: meta.type, data };
    const stripped = stripMetadata(meta.type, data);
    if (!stripped)
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'No metadata-stripped copy exists for this file type.');
    return { name: meta.name, type: meta.type, data: stripped };
  }

  async update(
    actor: Actor,
    id: string,
    patch: {
      tags?: string[] | undefined;
      assignedTo?: string | null | undefined;
      status?: IntakeStatus | undefined;
      keep?: boolean | undefined;
    },
  ): Promise<SubmissionRow> {
    const { ctx } = this;
    return ctx.db.transaction().execute(async (trx) => {
      const sub = await this.repo.getSubmission(trx, id);
      if (!sub) throw new AppError('NOT_FOUND');
      if (patch.assignedTo) {
        const u = await trx
          .selectFrom('users')
          .select('id')
          .where('id', '=', patch.assignedTo)
          .where('disabled', '=', 0)
          .executeTakeFirst();
        if (!u)
          throw new AppError('VALIDATION_FAILED', undefined, [
            { path: 'assignedTo', message: 'unknown user' },
          ]);
      }
      const set = {
        ...(patch.tags ? { tags: JSON.stringify([...new Set(patch.tags)].sort()) } : {}),
        ...(patch.assignedTo !== undefined ? { assigned_to: patch.assignedTo } : {}),
        ...(patch.status ? { status: patch.status } : {}),
        ...(patch.keep !== undefined ? { keep: patch.keep ? 1 : 0 } : {}),
      };
      if (Object.keys(set).length) await this.repo.updateSubmission(trx, id, set);
      await ctx.audit.append(trx, {
        actorId: actor.id,
        action: 'intake.update',
        entityType: 'intake_submission',
        entityId: id,
        detail: { fields: Object.keys(set) },
      });
      return (await this.repo.getSubmission(trx, id))!;
    });
  }

  /** A reply: sealed to the source's receipt-derived key and to every current holder (so staff can reread it). */
  async reply(session: SessionInfo, id: string, text: string): Promise<void> {
    const { ctx } = this;
    const s = await sodium();
    const sub = await this.load(id);
    await this.unlocked(session);
    const holders = [...(await this.intake.holders()), { id: SOURCE, publicKey: sub.source_public_key }];
    const { message } = sealPlain(s, holders, { v: 1, kind: 'reply', text }, []);
    const day = today();
    await ctx.db.transaction().execute(async (trx) => {
      await this.intake.insertMessage(trx, id, 'staff', session.actor.id, message, [], day);
      await this.repo.updateSubmission(trx, id, {
        status: sub.status === 'new' ? 'in_review' : sub.status,
        last_activity_on: day,
      });
      await ctx.audit.append(trx, {
        actorId: session.actor.id,
        action: 'intake.reply',
        entityType: 'intake_submission',
        entityId: id,
      });
    });
  }

  /**
   * Turns a submission into a registry record and, unless asked not to, evidence items (the report itself
   * as a testimony, and each attachment's original) linked to it. Each link keeps a custody log whose first
   * entry is "received via secure channel" with the submission hash (SHA-256 over the stored ciphertext).
   * Evidence items are then protected by the evidence locker (keyring), no longer by recipient keys only.
   */
  async triageToPerson(session: SessionInfo, id: string, input: TriageInput) {
    const { person, evidence: withEvidence } = input;
    const { ctx } = this;
    const s = await sodium();
    const sub = await this.load(id);
    const keys = await this.messageKeys(session, id);
    const view = await new PersonsService(ctx).create(session.actor, person);
    const first: CustodyEntry = {
      on: sub.received_on,
      event: CUSTODY_FIRST,
      submissionId: sub.id,
      sha256: sub.content_hash,
    };
    const triaged = (what: string): CustodyEntry => ({ on: nowIso(), event: what, by: session.actor.id });
    const links: Array<{ type: string; entityId: string; custody: CustodyEntry[] }> = [
      { type: 'person', entityId: view.id, custody: [first, triaged('triaged into registry record')] },
    ];
    let violationId: string | null = null;
    if (input.violation) {
      const v = await new ViolationsService(ctx).create(session.actor, {
        ...input.violation,
        victimIds: [view.id],
      });
      violationId = v.id;
      links.push({ type: 'violation', entityId: v.id, custody: [first, triaged('triaged into violation')] });
    }
    if (withEvidence) {
      const evidence = new EvidenceService(ctx);
      const tier: 'sealed' | 'confidential' = person.consent === 'sealed' ? 'sealed' : 'confidential';
      const common = {
        tier,
        consent: [],
        links: [
          { entityType: 'person' as const, entityId: view.id },
          ...(violationId ? [{ entityType: 'violation' as const, entityId: violationId }] : []),
        ],
        collectedFrom: `${CUSTODY_FIRST}; submission ${sub.id}; sha256 ${sub.content_hash}`,
        capturedAt: undefined,
        capturedPlace: undefined,
        collectedBy: undefined,
        language: (['be', 'ru', 'en'] as const).find((l) => l === sub.lang),
      };
      const messages = await this.repo.messages(ctx.db, id);
      const report = messages.find((m) => m.author === 'source' && keys.has(m.id));
      if (report) {
        const body = Buffer.from(
          JSON.stringify(decryptJson(s, keys.get(report.id)!, report.ciphertext), null, 2),
        );
        const item = await evidence.upload(
          session.actor,
          {
            ...common,
            kind: 'testimony',
            title: `Secure-channel report received ${sub.received_on}`,
            fileName: 'report.json',
          },
          [body],
          'application/json',
        );
        links.push({
          type: 'evidence',
          entityId: item.id,
          custody: [first, triaged('evidence item created')],
        });
      }
      for (const f of await this.repo.files(ctx.db, id)) {
        const key = keys.get(f.message_id);
        if (!key) continue;
        const meta = decryptJson(s, key, f.meta_enc) as { name: string; type: string; size: number };
        const data = decryptFile(s, key, this.intake.files.read(f.stored_name), meta.size);
        const kind = meta.type.startsWith('image/')
          ? 'photo'
          : meta.type.startsWith('audio/')
            ? 'audio'
            : meta.type.startsWith('video/')
              ? 'video'
              : 'document';
        const item = await evidence.upload(
          session.actor,
          {
            ...common,
            kind,
            title: `Secure-channel attachment received ${sub.received_on}`,
            fileName: meta.name.slice(0, 255),
          },
          [data],
          meta.type,
        );
        links.push({
          type: 'evidence',
          entityId: item.id,
          custody: [first, triaged('evidence item created')],
        });
      }
    }
    await ctx.db.transaction().execute(async (trx) => {
      for (const l of links) {
        await this.repo.insertLink(trx, {
          id: randomUUID(),
          submission_id: id,
          entity_type: l.type,
          entity_id: l.entityId,
          custody: JSON.stringify(l.custody),
          created_by: session.actor.id,
          created_at: nowIso(),
        });
      }
      await this.repo.updateSubmission(trx, id, { status: 'triaged', keep: 1 });
      await ctx.audit.append(trx, {
        actorId: session.actor.id,
        action: 'intake.triage',
        entityType: 'intake_submission',
        entityId: id,
        detail: {
          person: view.id,
          violation: violationId,
          evidence: links.filter((l) => l.type === 'evidence').length,
          sha256: sub.content_hash,
        },
      });
    });
    return {
      personId: view.id,
      violationId,
      evidenceIds: links.filter((l) => l.type === 'evidence').map((l) => l.entityId),
      custody: links[0]!.custody,
    };
  }

  /** Real deletion: sealed keys first, then messages, files on disk, and the row. */
  async remove(actor: Actor, id: string, reason: 'staff' | 'expired' = 'staff'): Promise<void> {
    const { ctx } = this;
    if (ctx.engine === 'sqlite') await sql`pragma secure_delete = on`.execute(ctx.db);
    const files = await this.repo.files(ctx.db, id);
    await ctx.db.transaction().execute(async (trx) => {
      const sub = await this.repo.getSubmission(trx, id);
      if (!sub) throw new AppError('NOT_FOUND');
      await this.repo.deleteSubmission(trx, id);
      await ctx.audit.append(trx, {
        actorId: reason === 'staff' ? actor.id : null,
        action: 'intake.delete',
        entityType: 'intake_submission',
        entityId: id,
        detail: { reason },
      });
    });
    for (const f of files) this.intake.files.remove(f.stored_name);
  }

  /** Deletes every submission past its expiry day that nobody chose to keep. */
  async purgeExpired(day = today()): Promise<number> {
    const ids = await this.repo.expiredIds(this.ctx.db, day);
    for (const { id } of ids) await this.remove({ id: '', role: 'admin', username: '' }, id, 'expired');
    return ids.length;
  }
}
