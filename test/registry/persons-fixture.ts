import { afterAll, beforeAll } from 'vitest';
import type { Actor } from '../../src/core/access';
import type { OpenedContext } from '../../src/core/bootstrap';
import type { Engine } from '../../src/core/db/database';
import { PersonsService } from '../../src/modules/registry/persons.service';
import type { PersonView } from '../../src/modules/registry/registry.schema';
import { createTestEnv, openTestContext, type TestEnv } from '../support/context';
import { makeUser } from '../support/factories';
import { makePerson, nameMarker } from '../support/registry-factories';

/**
 * The fictional persons the registry persons specs share (one of each consent, one with names in three
 * scripts, a grant on the sealed one), created once per engine in the calling describe block.
 */
export const page = { limit: 200, offset: 0 };

type Role = 'admin' | 'editor' | 'researcher' | 'viewer' | 'analyst' | 'grantee';
type Who = 'pub' | 'anon' | 'conf' | 'seal' | 'multi';

export interface PersonsFixture {
  readonly env: TestEnv;
  readonly opened: OpenedContext;
  readonly svc: PersonsService;
  u: Record<Role, Actor>;
  markers: Record<'pub' | 'anon' | 'conf' | 'seal', string>;
  p: Record<Who, PersonView>;
  /** Ids of the persons the actor's list shows for a query, sorted. */
  ids: (actor: Actor | null, q: Record<string, string | undefined>) => Promise<string[]>;
}

export function usePersonsFixture(engine: Engine): PersonsFixture {
  let env: TestEnv;
  let opened: OpenedContext;
  let svc: PersonsService;
  const u = {} as Record<Role, Actor>;
  const markers = {
    pub: nameMarker('Pub'),
    anon: nameMarker('Anon'),
    conf: nameMarker('Conf'),
    seal: nameMarker('Seal'),
  };
  const p = {} as Record<Who, PersonView>;

  beforeAll(async () => {
    env = await createTestEnv(engine);
    opened = await openTestContext(env);
    svc = new PersonsService(opened.ctx);
    for (const role of ['admin', 'editor', 'researcher', 'viewer', 'analyst'] as const)
      u[role] = await makeUser(opened.ctx, role);
    u.grantee = await makeUser(opened.ctx, 'viewer');
    const ctx = opened.ctx;
    p.pub = await makePerson(ctx, u.editor, 'public', {
      names: [{ script: 'latn', kind: 'primary', value: `${markers.pub} Public` }],
      region: 'brest',
      gender: 'female',
      groups: ['journalist'],
      cases: [
        {
          articles: [{ article: '342' }, { article: '130-3' }],
          court: 'Court A',
          judge: 'Judge J',
          detainedOn: '2021-01-10',
          verdictOn: '2021-06-01',
          facility: 'Colony 4',
        },
      ],
      statusEvents: [{ status: 'sentenced', occurredOn: '2021-06-01' }],
      recognitions: [{ recognisedBy: 'Test HRC', recognisedOn: '2021-02-15' }],
    });
    p.anon = await makePerson(ctx, u.editor, 'anonymised', {
      names: [{ script: 'latn', kind: 'primary', value: `${markers.anon} Anonymous` }],
      birthDate: '1980-05-05',
      description: 'Anonymised description text',
      region: 'gomel',
      cases: [
        {
          articles: [{ article: '369' }],
          court: 'Court B',
          detainedOn: '2022-03-01',
          facility: 'Colony 9',
        },
      ],
      statusEvents: [
        { status: 'detained', occurredOn: '2022-03-01' },
        { status: 'released_pardon', occurredOn: '2024-07-03' },
      ],
      recognitions: [{ recognisedBy: 'Test HRC', recognisedOn: '2022-04-20' }],
    });
    p.conf = await makePerson(ctx, u.editor, 'confidential', {
      names: [{ script: 'latn', kind: 'primary', value: `${markers.conf} Confidential` }],
      region: 'gomel',
      cases: [
        {
          articles: [{ article: '342' }],
          court: 'Court A',
          detainedOn: '2023-05-05',
          facility: 'Colony 4',
        },
      ],
      statusEvents: [{ status: 'detained', occurredOn: '2023-05-05' }],
    });
    p.seal = await makePerson(ctx, u.editor, 'sealed', {
      names: [{ script: 'latn', kind: 'primary', value: `${markers.seal} Sealed` }],
      region: 'gomel',
      cases: [{ articles: [{ article: '361-1' }], detainedOn: '2020-09-09', facility: 'Colony 9' }],
      statusEvents: [{ status: 'sentenced', occurredOn: '2021-01-01' }],
    });
    p.multi = await makePerson(ctx, u.editor, 'confidential', {
      names: [
        { script: 'be', kind: 'primary', value: 'Ціханоўскі Сяргей Леанідавіч' },
        { script: 'ru', kind: 'primary', value: 'Тихановский Сергей Леонидович' },
        { script: 'latn', kind: 'primary', value: 'Tsikhanouski Siarhei' },
        { script: 'latn', kind: 'alias', value: 'Pseudonymovich' },
      ],
      region: 'minsk_city',
      groups: ['politician', 'activist'],
      cases: [
        {
          articles: [{ article: '293-1' }, { article: '342' }],
          court: 'Court C',
          detainedOn: '2020-05-29',
          verdictOn: '2021-12-14',
          facility: 'Colony 4',
          sentenceMonths: 216,
        },
      ],
      statusEvents: [
        { status: 'detained', occurredOn: '2020-05-29' },
        { status: 'released_pardon', occurredOn: '2025-06-21' },
      ],
    });
    await svc.grant(u.editor, p.seal.id, u.grantee.id);
  });
  afterAll(async () => {
    await opened?.close();
    await env?.destroy();
  });

  return {
    get env() {
      return env;
    },
    get opened() {
      return opened;
    },
    get svc() {
      return svc;
    },
    u,
    markers,
    p,
    ids: async (actor, q) => (await svc.list(actor, { ...q, ...page })).items.map((i) => i.id).sort(),
  };
}
