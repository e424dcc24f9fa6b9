import type { z } from 'zod';
import type { createPersonBody } from '../registry/registry.schema';

/**
 * FICTIONAL demo prisoners. Every name is invented from made-up parts (no real person), every description
 * starts with "[FICTIONAL DEMO]", and facilities and courts are imaginary. Loaded with is_demo = 1.
 */
export const demoPersons: Array<z.input<typeof createPersonBody>> = [
  {
    consent: 'public',
    names: [
      { script: 'be', kind: 'primary', value: 'Дэмаровіч Алесь Вымысловіч' },
      { script: 'ru', kind: 'primary', value: 'Демарович Алесь Вымыслович' },
      { script: 'latn', kind: 'primary', value: 'Demarovich Ales' },
    ],
    birthYear: 1979,
    gender: 'male',
    region: 'minsk_city',
    groups: ['journalist'],
    description: '[FICTIONAL DEMO] Invented editor of an invented newspaper.',
    cases: [
      {
        articles: [{ article: '361-1' }, { article: '130-3' }],
        detainedOn: '2023-03-14',
        court: 'Demo District Court (fictional)',
        verdictOn: '2023-11-02',
        sentenceMonths: 72,
        penalty: 'imprisonment',
        regime: 'reinforced',
        facility: 'Demo Colony No. 1 (fictional)',
      },
    ],
    statusEvents: [
      { status: 'detained', occurredOn: '2023-03-14' },
      { status: 'sentenced', occurredOn: '2023-11-02' },
    ],
    recognitions: [{ recognisedBy: 'Demo Human Rights Centre (fictional)', recognisedOn: '2023-04-01' }],
  },
  {
    consent: 'public',
    names: [
      { script: 'be', kind: 'primary', value: 'Прыдуманава Марыля' },
      { script: 'ru', kind: 'primary', value: 'Придуманова Мариля' },
      { script: 'latn', kind: 'primary', value: 'Prydumanava Marylia' },
    ],
    birthYear: 1991,
    gender: 'female',
    region: 'grodno',
    groups: ['cultural_worker'],
    description: '[FICTIONAL DEMO] Invented musician.',
    cases: [
      {
        articles: [{ article: '342-1' }],
        detainedOn: '2021-08-20',
        court: 'Demo Regional Court (fictional)',
        verdictOn: '2022-01-10',
        sentenceMonths: 36,
        penalty: 'imprisonment',
        regime: 'general',
        facility: 'Demo Colony No. 4 (fictional)',
      },
    ],
    statusEvents: [
      { status: 'detained', occurredOn: '2021-08-20' },
      { status: 'sentenced', occurredOn: '2022-01-10' },
      { status: 'released_pardon', occurredOn: '2024-07-03' },
    ],
    recognitions: [{ recognisedBy: 'Demo Human Rights Centre (fictional)', recognisedOn: '2021-09-15' }],
  },
  {
    consent: 'anonymised',
    names: [{ script: 'ru', kind: 'primary', value: 'Выдумкин Тарас Небылович' }],
    birthYear: 1962,
    gender: 'male',
    region: 'gomel',
    groups: ['pensioner'],
    description: '[FICTIONAL DEMO] Anonymised at the family’s request (fictional).',
    healthNotes: '[FICTIONAL DEMO] Chronic illness (fictional).',
    cases: [
      {
        articles: [{ article: '369' }, { article: '368' }],
        detainedOn: '2024-02-02',
        verdictOn: '2024-05-05',
        sentenceMonths: 30,
        facility: 'Demo Colony No. 4 (fictional)',
      },
    ],
    statusEvents: [
      { status: 'detained', occurredOn: '2024-02-02' },
      { status: 'sentenced', occurredOn: '2024-05-05' },
    ],
  },
  {
    consent: 'confidential',
    names: [
      { script: 'be', kind: 'primary', value: 'Няіснуючая Ганна' },
      { script: 'latn', kind: 'primary', value: 'Niaisnuchaja Hanna' },
    ],
    birthYear: 1985,
    gender: 'female',
    region: 'brest',
    groups: ['lawyer'],
    description: '[FICTIONAL DEMO] Invented defence lawyer.',
    cases: [
      {
        articles: [{ article: '361-4' }],
        detainedOn: '2025-01-15',
        court: 'Demo District Court (fictional)',
        facility: 'Demo Pre-trial Centre No. 2 (fictional)',
      },
    ],
    statusEvents: [{ status: 'detained', occurredOn: '2025-01-15' }],
  },
  {
    consent: 'sealed',
    names: [{ script: 'latn', kind: 'primary', value: 'Sealedson Fictivus' }],
    gender: 'male',
    region: 'vitebsk',
    groups: ['trade_unionist'],
    description: '[FICTIONAL DEMO] Sealed record: counted in statistics, listed for named users only.',
    cases: [
      {
        articles: [{ article: '356' }],
        detainedOn: '2022-06-06',
        sentenceMonths: 120,
        facility: 'Demo Colony No. 1 (fictional)',
      },
    ],
    statusEvents: [
      { status: 'detained', occurredOn: '2022-06-06' },
      { status: 'sentenced', occurredOn: '2022-12-12' },
    ],
  },
  {
    consent: 'public',
    names: [
      { script: 'ru', kind: 'primary', value: 'Небывалый Юрий' },
      { script: 'latn', kind: 'primary', value: 'Niebyvaly Yury' },
    ],
    birthYear: 2001,
    gender: 'male',
    region: 'mogilev',
    groups: ['student'],
    description: '[FICTIONAL DEMO] Invented student.',
    cases: [
      {
        articles: [{ article: '342' }],
        detainedOn: '2020-11-11',
        sentenceMonths: 24,
        facility: 'Demo Colony No. 4 (fictional)',
      },
    ],
    statusEvents: [
      { status: 'detained', occurredOn: '2020-11-11' },
      { status: 'released_end_of_term', occurredOn: '2022-11-11' },
    ],
  },
];
