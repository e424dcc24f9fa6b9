/**
 * Articles of the Criminal Code of the Republic of Belarus (1999, as amended) that appear most often in
 * politically motivated cases. Labels are short descriptive English translations written for this table,
 * not the official wording; consult the Code for the text. Keys are article numbers, with the part after
 * a hyphen where a part is commonly cited (e.g. "130-3" = article 130, part 3). Articles whose number
 * itself has a hyphen (361-1, 193-1) are separate articles, not parts.
 *
 * Source: Criminal Code of the Republic of Belarus (Уголовный кодекс Республики Беларусь, No. 275-З of
 * 9 July 1999, as amended).
 */
export const ARTICLE_LABELS: Readonly<Record<string, string>> = {
  '130': 'Incitement to racial, national, religious or other social hatred or discord',
  '130-1': 'Incitement to hatred or discord (part 1)',
  '130-2': 'Incitement to hatred or discord with violence or by an official (part 2)',
  '130-3': 'Incitement to hatred or discord by a group or with grave consequences (part 3)',
  '191': 'Obstruction of the exercise of electoral rights or of the work of election commissions',
  '193-1': 'Organising or taking part in an unregistered or liquidated organisation',
  '210': 'Embezzlement by abuse of office',
  '218': 'Intentional destruction of or damage to property',
  '243': 'Evasion of taxes and levies',
  '289': 'Act of terrorism',
  '293': 'Mass riots',
  '293-1': 'Organising mass riots (part 1)',
  '293-2': 'Taking part in mass riots (part 2)',
  '295-1': 'Illegal actions with incendiary devices or substances',
  '339': 'Hooliganism',
  '339-2': 'Malicious hooliganism (part 2)',
  '342': 'Organising or actively taking part in actions that grossly violate public order',
  '342-1': 'Organising or actively taking part in actions that grossly violate public order (part 1)',
  '342-2': 'Repeated violation of public order actions after an administrative penalty (part 2)',
  '356': 'High treason',
  '357': 'Conspiracy or other actions to seize state power',
  '361': 'Calls for actions harming the national security of the Republic of Belarus',
  '361-1': 'Creating or taking part in an extremist formation',
  '361-2': 'Financing extremist activity',
  '361-4': 'Facilitating extremist activity',
  '363': 'Resisting a law-enforcement officer',
  '364': 'Violence or threat of violence against a law-enforcement officer',
  '367': 'Defamation of the President of the Republic of Belarus',
  '368': 'Insulting the President of the Republic of Belarus',
  '369': 'Insulting a representative of the authorities',
  '369-1': 'Discrediting the Republic of Belarus',
  '370': 'Desecration of state symbols',
  '411': 'Malicious disobedience to the administration of a correctional institution',
};

/** Label for a stored article code: the exact entry, else the base article marked with its part. */
export function articleLabel(code: string): string | null {
  const exact = ARTICLE_LABELS[code];
  if (exact) return exact;
  const m = /^(.+)-(\d{1,2})$/.exec(code);
  if (m && ARTICLE_LABELS[m[1]!]) return `${ARTICLE_LABELS[m[1]!]} (part ${m[2]})`;
  return null;
}
