import { randomUUID } from 'node:crypto';
import { hashPassword, verifyAgainstDummy, verifyPassword } from '../../core/auth/password';
import type { AppContext } from '../../core/context';
import type { Sodium } from '../../core/crypto/sodium';
import type { DB } from '../../core/db/database';
import type { IntakePath } from '../../core/db/schema-intake';
import { AppError } from '../../core/errors';
import { IntakeFileStore } from './file-store';
import type { IntakeConfig } from './intake.config';
import {
  addDays,
  b64,
  decryptJson,
  encryptFile,
  encryptJson,
  generateReceipt,
  maxStoredFileBytes,
  newMessageKey,
  newSalt,
  normalizeReceipt,
  openSealedKey,
  receiptIndex,
  sealKey,
  sha256Hex,
  sodium,
  sourceKeyPair,
  today,
} from './intake.crypto';
import { IntakeRepository } from './intake.repository';
import type { MultipartFile } from './multipart';
import { META_PAD_FLOOR } from './padding';
import { nowIso } from '../../core/time';
import {
  DEFAULT_QUESTIONNAIRE,
  DEFAULT_QUESTIONNAIRE_ID,
  questionnaireDefinition,
  type Lang,
  type QuestionnaireDefinition,
} from './questionnaire.data';

export const ESCROW = 'escrow';
export const SOURCE = 'source';

export interface Holder {
  id: string;
  publicKey: string;
}

/** A message as the browser sends it: already encrypted, its key sealed to every holder. */
export interface SealedMessage {
  ciphertext: string;
  keys: Array<{ holder: string; sealed: string }>;
}
export interface SealedFile {
  meta: string;
  data: Buffer;
}

export interface ReturnVisit {
  submissionId: string;
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

export interface SourceView {
  receivedOn: string;
  sent: number;
  replies: Array<{ on: string; text: string }>;
}

/** The source's side of the channel: submit, come back with the receipt, read replies, answer, add files. */
export class IntakeService {
  private readonly repo = new IntakeRepository();
  readonly files: IntakeFileStore;

  constructor(
    private readonly ctx: AppContext,
    readonly config: IntakeConfig,
  ) {
    this.files = new IntakeFileStore(ctx.config.dataDir);
  }

  async questionnaire(slug?: string): Promise<{ id: string; def: QuestionnaireDefinition }> {
    let row = await this.repo.activeQuestionnaire(this.ctx.db, slug);
    if (!row && (await this.repo.countQuestionnaires(this.ctx.db)) === 0) {
      // First use: the built-in questionnaire becomes data the organisation can then change.
      await this.repo.insertQuestionnaire(this.ctx.db, {
        id: DEFAULT_QUESTIONNAIRE_ID,
        slug: DEFAULT_QUESTIONNAIRE.slug,
        active: 1,
        definition: JSON.stringify(DEFAULT_QUESTIONNAIRE),
        updated_at: nowIso(),
      });
      row = await this.repo.activeQuestionnaire(this.ctx.db, slug);
    }
    if (!row) throw new AppError('NOT_FOUND');
    return { id: row.id, def: questionnaireDefinition.parse(JSON.parse(row.definition)) };
  }

  /** All questionnaires (staff CLI). */
  async listQuestionnaires(): Promise<Array<{ slug: string; active: boolean; updatedAt: string }>> {
    await this.questionnaire().catch(() => undefined); // seeds the default on first use
    const rows = await this.repo.listQuestionnaires(this.ctx.db);
    return rows.map((r) => ({ slug: r.slug, active: r.active === 1, updatedAt: r.updated_at }));
  }

  /** Adds a questionnaire or replaces the one with the same slug; the definition is validated first. */
  async saveQuestionnaire(definition: unknown, active: boolean): Promise<QuestionnaireDefinition> {
    const def = questionnaireDefinition.parse(definition);
    await this.questionnaire().catch(() => undefined);
    await this.repo.upsertQuestionnaire(this.ctx.db, {
      id: randomUUID(),
      slug: def.slug,
      active: active ? 1 : 0,
      definition: JSON.stringify(def),
      updated_at: nowIso(),
    });
    return def;
  }

  /** Everyone a new message must be sealed to: active recipients and, when configured, the escrow key. */
  async holders(db: DB = this.ctx.db): Promise<Holder[]> {
    const rows = await this.repo.activeRecipients(db);
    const out = rows.map((r) => ({ id: r.id, publicKey: r.public_key }));
    if (this.config.escrowPublicKey) out.push({ id: ESCROW, publicKey: this.config.escrowPublicKey });
    return out;
  }

  /** No-JavaScript path: the answers arrive in clear (in memory only) and are encrypted here. */
  async submitPlain(input: {
    lang: Lang;
    slug?: string | undefined;
    answers: Record<string, string>;
    files: MultipartFile[];
  }): Promise<string> {
    const s = await sodium();
    const q = await this.questionnaire(input.slug);
    const answers = checkAnswers(q.def, input.answers);
    const holders = await this.holders();
    if (holders.length === 0) throw new AppError('CONFLICT', 'The channel has no recipients yet.');
    const { message, files } = sealPlain(
      s,
      holders,
      { v: 1, kind: 'submission', lang: input.lang, questionnaire: q.def.slug, answers },
      input.files,
    );
    return this.storeSubmission(s, 'nojs', q.id, input.lang, message, files);
  }

  /** JavaScript path: the browser already encrypted everything; the server only checks the envelope. */
  async submitSealed(input: {
    lang: Lang;
    slug?: string | undefined;
    message: SealedMessage;
    files: SealedFile[];
  }): Promise<string> {
    const s = await sodium();
    const q = await this.questionnaire(input.slug);
    await this.checkEnvelope(input.message, input.files);
    return this.storeSubmission(s, 'js', q.id, input.lang, input.message, input.files);
  }

  private async checkEnvelope(message: SealedMessage, files: SealedFile[]): Promise<void> {
    const expected = (await this.holders()).map((h) => h.id).sort();
    const given = message.keys.map((k) => k.holder).sort();
    // The set of recipients changed since the page was loaded: the browser fetches it again and retries.
    if (expected.length === 0 || JSON.stringify(expected) !== JSON.stringify(given))
      throw new AppError('CONFLICT', 'The recipients changed; try again.');
    if (files.length > this.config.maxFiles) throw new AppError('PAYLOAD_TOO_LARGE');
    const maxStored = maxStoredFileBytes(this.config.maxFileBytes);
    for (const f of files) if (f.data.length > maxStored) throw new AppError('PAYLOAD_TOO_LARGE');
  }

  private async storeSubmission(
    s: Sodium,
    path: IntakePath,
    questionnaireId: string,
    lang: Lang,
    message: SealedMessage,
    files: SealedFile[],
  ): Promise<string> {
    const { ctx } = this;
    const digits = await this.uniqueReceipt();
    const salt = newSalt(s);
    const kp = sourceKeyPair(s, digits, salt, ctx.config.passwordHashCost);
    s.memzero(kp.privateKey);
    const day = today();
    const id = randomUUID();
    const stored = files.map((f) => ({ ...f, id: randomUUID(), sha: sha256Hex(f.data) }));
    const contentHash = sha256Hex(`${message.ciphertext}\n${stored.map((f) => f.sha).join('\n')}`);
    for (const f of stored) this.files.write(f.id, f.data, day);
    try {
      await ctx.db.transaction().execute(async (trx) => {
        await this.repo.insertSubmission(trx, {
          id,
          questionnaire_id: questionnaireId,
          lang,
          path,
          receipt_index: receiptIndex(ctx.keyring.deriveKey('intake-receipt-index'), digits),
          receipt_hash: await hashPassword(digits, ctx.config.passwordHashCost),
          source_public_key: b64(kp.publicKey),
          source_key_salt: salt,
          content_hash: contentHash,
          status: 'new',
          tags: '[]',
          assigned_to: null,
          keep: 0,
          received_on: day,
          last_activity_on: day,
          expires_on: addDays(day, this.config.retentionDays),
          unread: 1,
        });
        await this.insertMessage(trx, id, 'source', null, message, stored, day);
      });
    } catch (err) {
      for (const f of stored) this.files.remove(f.id);
      throw err;
    }
    // No audit entry: the audit log records precise times, and a source's actions must not have one.
    return digits;
  }

  /** Receipts are random; a collision with a live one (≈ n/10¹⁶) is checked anyway, as it would merge two sources. */
  private async uniqueReceipt(): Promise<string> {
    for (;;) {
      const digits = generateReceipt();
      if (!(await this.findByReceipt(digits))) return digits;
    }
  }

  private async findByReceipt(digits: string) {
    const { ctx } = this;
    const candidates = await this.repo.byReceiptIndex(
      ctx.db,
      receiptIndex(ctx.keyring.deriveKey('intake-receipt-index'), digits),
    );
    if (candidates.length === 0) await verifyAgainstDummy(digits, ctx.config.passwordHashCost);
    for (const c of candidates) if (await verifyPassword(c.receipt_hash, digits)) return c;
    return undefined;
  }

  async insertMessage(
    trx: DB,
    submissionId: string,
    author: 'source' | 'staff',
    authorUserId: string | null,
    message: SealedMessage,
    files: Array<SealedFile & { id: string; sha: string }>,
    day: string,
  ): Promise<string> {
    const messageId = randomUUID();
    await this.repo.insertMessage(trx, {
      id: messageId,
      submission_id: submissionId,
      seq: await this.repo.nextSeq(trx, submissionId),
      author,
      author_user_id: authorUserId,
      ciphertext: message.ciphertext,
      created_on: day,
    });
    await this.repo.insertKeys(
      trx,
      message.keys.map((k) => ({ message_id: messageId, holder: k.holder, sealed_key: k.sealed })),
    );
    for (const f of files) {
      await this.repo.insertFile(trx, {
        id: f.id,
        submission_id: submissionId,
        message_id: messageId,
        meta_enc: f.meta,
        stored_name: f.id,
        size_bytes: f.data.length,
        sha256: f.sha,
        created_on: day,
      });
    }
    return messageId;
  }

  /** Checks a receipt; null when no submission has it. The caller throttles and delays failures. */
  async returnWith(receipt: string): Promise<ReturnVisit | null> {
    const digits = normalizeReceipt(receipt);
    if (!digits) {
      await verifyAgainstDummy('0000000000000000', this.ctx.config.passwordHashCost);
      return null;
    }
    const row = await this.findByReceipt(digits);
    if (!row) return null;
    const s = await sodium();
    const kp = sourceKeyPair(s, digits, row.source_key_salt, this.ctx.config.passwordHashCost);
    return { submissionId: row.id, publicKey: kp.publicKey, privateKey: kp.privateKey };
  }

  /** What the returning source sees: replies (decrypted with the receipt-derived key) and what they sent. */
  async sourceView(visit: ReturnVisit): Promise<SourceView> {
    const s = await sodium();
    const { db } = this.ctx;
    const sub = await this.repo.getSubmission(db, visit.submissionId);
    if (!sub) throw new AppError('NOT_FOUND');
    const messages = await this.repo.messages(db, sub.id);
    const keys = await this.repo.keysFor(db, sub.id, SOURCE);
    const replies: SourceView['replies'] = [];
    for (const m of messages) {
      const sealed = keys.get(m.id);
      if (m.author !== 'staff' || !sealed) continue;
      const key = openSealedKey(s, sealed, visit.publicKey, visit.privateKey);
      const body = decryptJson(s, key, m.ciphertext) as { text?: string };
      replies.push({ on: m.created_on, text: String(body.text ?? '') });
    }
    return {
      receivedOn: sub.received_on,
      sent: messages.filter((m) => m.author === 'source').length,
      replies,
    };
  }

  async followUpPlain(visit: ReturnVisit, text: string, files: MultipartFile[]): Promise<void> {
    const s = await sodium();
    const holders = await this.holders();
    const { message, files: sealed } = sealPlain(s, holders, { v: 1, kind: 'followup', text }, files);
    await this.storeFollowUp(visit, message, sealed);
  }

  async followUpSealed(visit: ReturnVisit, message: SealedMessage, files: SealedFile[]): Promise<void> {
    await this.checkEnvelope(message, files);
    await this.storeFollowUp(visit, message, files);
  }

  private async storeFollowUp(
    visit: ReturnVisit,
    message: SealedMessage,
    files: SealedFile[],
  ): Promise<void> {
    const day = today();
    const stored = files.map((f) => ({ ...f, id: randomUUID(), sha: sha256Hex(f.data) }));
    for (const f of stored) this.files.write(f.id, f.data, day);
    try {
      await this.ctx.db.transaction().execute(async (trx) => {
        const sub = await this.repo.getSubmission(trx, visit.submissionId);
        if (!sub) throw new AppError('NOT_FOUND');
        await this.insertMessage(trx, sub.id, 'source', null, message, stored, day);
        await this.repo.updateSubmission(trx, sub.id, {
          last_activity_on: day,
          unread: 1,
          expires_on: addDays(day, this.config.retentionDays),
        });
      });
    } catch (err) {
      for (const f of stored) this.files.remove(f.id);
      throw err;
    }
  }
}

/** Encrypts a message and its files in memory and seals the key to every holder; wipes the plaintext. */
export function sealPlain(
  s: Sodium,
  holders: Holder[],
  body: unknown,
  files: MultipartFile[],
): { message: SealedMessage; files: SealedFile[] } {
  const key = newMessageKey(s);
  const message: SealedMessage = {
    ciphertext: encryptJson(s, key, body),
    keys: holders.map((h) => ({ holder: h.id, sealed: sealKey(s, key, h.publicKey) })),
  };
  const sealed = files.map((f) => {
    const out: SealedFile = {
      meta: encryptJson(s, key, { name: f.filename, type: f.type, size: f.data.length }, META_PAD_FLOOR),
      data: encryptFile(s, key, f.data),
    };
    // Best effort: the request buffer is garbage soon anyway, but nothing needs the clear bytes any more.
    f.data.fill(0);
    return out;
  });
  s.memzero(key);
  return { message, files: sealed };
}

function checkAnswers(def: QuestionnaireDefinition, given: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of def.fields) {
    const v = (given[f.key] ?? '').trim();
    if (f.required && !v)
      throw new AppError('VALIDATION_FAILED', undefined, [{ path: f.key, message: 'required' }]);
    if (v.length > f.maxLength)
      throw new AppError('VALIDATION_FAILED', undefined, [{ path: f.key, message: 'too long' }]);
    if (v) out[f.key] = v;
  }
  return out;
}
