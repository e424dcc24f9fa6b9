/** Strings of the public page (server-rendered, no JavaScript), in Belarusian, Russian and English. */
export const PUBLIC_LANGS = ['be', 'ru', 'en'] as const;
export type PublicLang = (typeof PUBLIC_LANGS)[number];

type Strings = {
  title: string;
  intro: string;
  search: string;
  searchLabel: string;
  name: string;
  status: string;
  articles: string;
  facility: string;
  detained: string;
  since: string;
  noResults: string;
  found: string;
  previous: string;
  next: string;
  figures: string;
  current: string;
  fewer: string;
  moreThan: string;
  medianServed: string;
  months: string;
  byRegion: string;
  byGender: string;
  byArticle: string;
  byFacility: string;
  byGroup: string;
  published: string;
  asOf: string;
  metric: string;
  value: string;
  source: string;
  suppressionNote: string;
  listNote: string;
  statuses: Record<string, string>;
};

export const STRINGS: Record<PublicLang, Strings> = {
  en: {
    title: 'Political prisoners in Belarus',
    intro: 'Persons who consented to publication, and aggregate figures over the whole registry.',
    search: 'Search',
    searchLabel: 'Name (any spelling)',
    name: 'Name',
    status: 'Status',
    articles: 'Articles',
    facility: 'Place of detention',
    detained: 'Detained',
    since: 'Since',
    noResults: 'No published records match.',
    found: 'Records found',
    previous: 'Previous',
    next: 'Next',
    figures: 'Registry figures',
    current: 'Current political prisoners (registry count)',
    fewer: 'fewer than 5',
    moreThan: 'more than',
    medianServed: 'Median time in custody of current prisoners',
    months: 'months',
    byRegion: 'By region',
    byGender: 'By gender',
    byArticle: 'By article of the Criminal Code',
    byFacility: 'By place of detention',
    byGroup: 'By group',
    published: 'Published figures',
    asOf: 'As of',
    metric: 'Figure',
    value: 'Value',
    source: 'Source',
    suppressionNote:
      'Figures include people who are not listed here. A count below 5 made up only of unlisted people is shown as "fewer than 5".',
    listNote: 'Only persons who agreed to be listed publicly are shown.',
    statuses: {
      detained: 'Detained',
      sentenced: 'Sentenced',
      released_pardon: 'Released (pardon)',
      released_end_of_term: 'Released (end of term)',
      released_exchange: 'Released (exchange)',
      released_deportation: 'Released (deported)',
      released_other: 'Released',
      died_in_custody: 'Died in custody',
      forced_exile: 'Forced into exile',
    },
  },
  be: {
    title: 'Палітвязні ў Беларусі',
    intro: 'Асобы, якія пагадзіліся на публікацыю, і агульныя лічбы па ўсім рэестры.',
    search: 'Шукаць',
    searchLabel: 'Імя (любое напісанне)',
    name: 'Імя',
    status: 'Статус',
    articles: 'Артыкулы',
    facility: 'Месца зняволення',
    detained: 'Затрыманне',
    since: 'З',
    noResults: 'Няма апублікаваных запісаў.',
    found: 'Знойдзена запісаў',
    previous: 'Папярэдняя',
    next: 'Наступная',
    figures: 'Лічбы рэестра',
    current: 'Цяперашнія палітвязні (паводле рэестра)',
    fewer: 'менш за 5',
    moreThan: 'больш за',
    medianServed: 'Медыяна тэрміну ў зняволенні цяперашніх палітвязняў',
    months: 'мес.',
    byRegion: 'Па рэгіёнах',
    byGender: 'Па поле',
    byArticle: 'Па артыкулах Крымінальнага кодэкса',
    byFacility: 'Па месцах зняволення',
    byGroup: 'Па групах',
    published: 'Апублікаваныя лічбы',
    asOf: 'На дату',
    metric: 'Паказчык',
    value: 'Значэнне',
    source: 'Крыніца',
    suppressionNote:
      'Лічбы ўлічваюць людзей, якіх тут няма ў спісе. Колькасць меншая за 5, складзеная толькі з такіх людзей, паказваецца як «менш за 5».',
    listNote: 'Паказаны толькі тыя, хто пагадзіўся на публікацыю.',
    statuses: {
      detained: 'Затрыманы',
      sentenced: 'Асуджаны',
      released_pardon: 'Вызвалены (памілаванне)',
      released_end_of_term: 'Вызвалены (канец тэрміну)',
      released_exchange: 'Вызвалены (абмен)',
      released_deportation: 'Вызвалены (дэпартаваны)',
      released_other: 'Вызвалены',
      died_in_custody: 'Памёр у зняволенні',
      forced_exile: 'Вымушаная эміграцыя',
    },
  },
  ru: {
    title: 'Политзаключённые в Беларуси',
    intro: 'Люди, согласившиеся на публикацию, и общие цифры по всему реестру.',
    search: 'Искать',
    searchLabel: 'Имя (любое написание)',
    name: 'Имя',
    status: 'Статус',
    articles: 'Статьи',
    facility: 'Место заключения',
    detained: 'Задержание',
    since: 'С',
    noResults: 'Нет опубликованных записей.',
    found: 'Найдено записей',
    previous: 'Предыдущая',
    next: 'Следующая',
    figures: 'Цифры реестра',
    current: 'Текущие политзаключённые (по реестру)',
    fewer: 'меньше 5',
    moreThan: 'более',
    medianServed: 'Медиана срока в заключении текущих политзаключённых',
    months: 'мес.',
    byRegion: 'По регионам',
    byGender: 'По полу',
    byArticle: 'По статьям Уголовного кодекса',
    byFacility: 'По местам заключения',
    byGroup: 'По группам',
    published: 'Опубликованные цифры',
    asOf: 'На дату',
    metric: 'Показатель',
    value: 'Значение',
    source: 'Источник',
    suppressionNote:
      'Цифры учитывают людей, которых нет в списке. Число меньше 5, состоящее только из таких людей, показано как «меньше 5».',
    listNote: 'Показаны только те, кто согласился на публикацию.',
    statuses: {
      detained: 'Задержан',
      sentenced: 'Осуждён',
      released_pardon: 'Освобождён (помилование)',
      released_end_of_term: 'Освобождён (конец срока)',
      released_exchange: 'Освобождён (обмен)',
      released_deportation: 'Освобождён (депортирован)',
      released_other: 'Освобождён',
      died_in_custody: 'Умер в заключении',
      forced_exile: 'Вынужденная эмиграция',
    },
  },
};

/** ?lang= wins, then the first supported language in Accept-Language, then Belarusian. */
export function pickLang(query: string | undefined, acceptLanguage: string | undefined): PublicLang {
  if (query && (PUBLIC_LANGS as readonly string[]).includes(query)) return query as PublicLang;
  const prefs = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { lang: (tag ?? '').trim().slice(0, 2).toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((p) => p.lang && !Number.isNaN(p.q))
    .sort((a, b) => b.q - a.q);
  for (const p of prefs)
    if ((PUBLIC_LANGS as readonly string[]).includes(p.lang)) return p.lang as PublicLang;
  return 'be';
}
