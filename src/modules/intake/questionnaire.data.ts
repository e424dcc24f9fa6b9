import { z } from 'zod';

/**
 * Questionnaires are data (stored in intake_questionnaires.definition), so an organisation can change the
 * questions without a release. This is the default one, seeded by the migration. Labels in be/ru/en.
 */
export const LANGS = ['be', 'ru', 'en'] as const;
export type Lang = (typeof LANGS)[number];

const localized = z.object({ be: z.string().min(1), ru: z.string().min(1), en: z.string().min(1) });
export type Localized = z.infer<typeof localized>;

export const questionnaireDefinition = z.object({
  slug: z.string().regex(/^[a-z0-9-]{1,40}$/),
  title: localized,
  intro: localized,
  fields: z
    .array(
      z.object({
        key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
        kind: z.enum(['text', 'textarea', 'date']),
        label: localized,
        hint: localized.optional(),
        required: z.boolean().default(false),
        maxLength: z.number().int().min(1).max(50_000).default(10_000),
      }),
    )
    .min(1)
    .max(30),
  /** Whether the form offers file attachments. */
  files: z.boolean().default(true),
});
export type QuestionnaireDefinition = z.infer<typeof questionnaireDefinition>;

export const DEFAULT_QUESTIONNAIRE_ID = '00000000-0000-4000-8000-00000000a001';

export const DEFAULT_QUESTIONNAIRE: QuestionnaireDefinition = {
  slug: 'report',
  title: {
    be: 'Паведаміць пра парушэнне',
    ru: 'Сообщить о нарушении',
    en: 'Report what happened',
  },
  intro: {
    be: 'Адкажыце толькі на тыя пытанні, на якія хочаце. Не пішыце свайго імя, калі не хочаце, каб мы яго ведалі.',
    ru: 'Ответьте только на те вопросы, на которые хотите. Не пишите своё имя, если не хотите, чтобы мы его знали.',
    en: 'Answer only the questions you want to. Do not write your name unless you want us to know it.',
  },
  fields: [
    {
      key: 'what',
      kind: 'textarea',
      label: { be: 'Што здарылася?', ru: 'Что произошло?', en: 'What happened?' },
      required: true,
      maxLength: 20_000,
    },
    {
      key: 'when',
      kind: 'text',
      label: { be: 'Калі?', ru: 'Когда?', en: 'When?' },
      hint: {
        be: 'Дата або прыблізны час',
        ru: 'Дата или примерное время',
        en: 'A date or an approximate time',
      },
      required: false,
      maxLength: 200,
    },
    {
      key: 'where',
      kind: 'text',
      label: { be: 'Дзе?', ru: 'Где?', en: 'Where?' },
      required: false,
      maxLength: 500,
    },
    {
      key: 'who',
      kind: 'textarea',
      label: {
        be: 'Хто ўдзельнічаў? (пацярпелыя, супрацоўнікі, суддзі)',
        ru: 'Кто участвовал? (пострадавшие, сотрудники, судьи)',
        en: 'Who was involved? (victims, officers, judges)',
      },
      required: false,
      maxLength: 10_000,
    },
  ],
  files: true,
};
