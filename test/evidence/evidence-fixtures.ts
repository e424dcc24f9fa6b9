import { randomBytes } from 'node:crypto';
import type { Actor } from '../../src/core/access';
import type { AppContext } from '../../src/core/context';
import type { Tier } from '../../src/core/db/schema';
import { PerpetratorsService } from '../../src/modules/accountability/perpetrators.service';
import { ViolationsService } from '../../src/modules/accountability/violations.service';
import type { CreatePerpetratorInput } from '../../src/modules/accountability/accountability.schema';
import { EvidenceService } from '../../src/modules/evidence/evidence.service';
import { uploadQuery, type Recipient } from '../../src/modules/evidence/evidence.schema';
import { nameMarker } from '../support/registry-factories';

/** Fictional test data only: invented names carrying random markers. */
export async function makePerpetrator(
  ctx: AppContext,
  author: Actor,
  tier: Tier,
  overrides: Partial<CreatePerpetratorInput> = {},
) {
  return new PerpetratorsService(ctx).create(author, {
    tier,
    category: 'judge',
    names: [{ script: 'latn', kind: 'primary', value: `${nameMarker('Jdg')} Fictionalovich` }],
    positions: [{ institution: 'Fictional District Court', title: 'Judge', from: '2019-01-01', to: null }],
    ...overrides,
  });
}

export async function makeViolation(ctx: AppContext, author: Actor, tier: Tier, victimIds: string[] = []) {
  return new ViolationsService(ctx).create(author, {
    tier,
    type: 'arbitrary_detention',
    occurredOn: '2021-03-01',
    place: 'Fictional town',
    description: `fictional description ${randomBytes(4).toString('hex')}`,
    victimIds,
    sourceIds: [],
  });
}

export async function makeEvidence(
  ctx: AppContext,
  author: Actor,
  tier: Tier,
  opts: {
    content?: Buffer;
    consent?: Recipient[];
    links?: Array<{ entityType: string; entityId: string }>;
    title?: string;
  } = {},
) {
  const content = opts.content ?? Buffer.from(`fictional evidence ${randomBytes(16).toString('hex')}`);
  const query = uploadQuery.parse({
    tier,
    kind: 'document',
    title: opts.title ?? `Fictional document ${randomBytes(3).toString('hex')}`,
    fileName: 'statement.txt',
    consent: (opts.consent ?? []).join(','),
    links: (opts.links ?? []).map((l) => `${l.entityType}:${l.entityId}`).join(','),
  });
  const view = await new EvidenceService(ctx).upload(author, query, [content], 'text/plain');
  return { view, content };
}
