/** Small normalisers shared by the importer and resolution. */

/** Upper-case letters and digits only: "AB 123-456" and "ab123456" are one identifier. */
export function identifierKey(value: string): string {
  return value
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** Rough script of a name (the first letter decides): enough to filter and to label aliases. */
export function scriptOf(value: string): string {
  const m = /\p{L}/u.exec(value);
  if (!m) return 'none';
  const c = m[0];
  if (/\p{Script=Latin}/u.test(c)) return 'latin';
  if (/\p{Script=Cyrillic}/u.test(c)) return 'cyrillic';
  if (/\p{Script=Greek}/u.test(c)) return 'greek';
  if (/\p{Script=Arabic}/u.test(c)) return 'arabic';
  if (/\p{Script=Han}/u.test(c)) return 'han';
  if (/\p{Script=Hangul}/u.test(c)) return 'hangul';
  if (/\p{Script=Georgian}/u.test(c)) return 'georgian';
  if (/\p{Script=Armenian}/u.test(c)) return 'armenian';
  if (/\p{Script=Hebrew}/u.test(c)) return 'hebrew';
  return 'other';
}
