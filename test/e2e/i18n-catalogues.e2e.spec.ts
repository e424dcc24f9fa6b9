import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/server';

/** The UI's translation catalogues must match English key for key, with every plural form the language has. */
type Catalogue = { [key: string]: string | Catalogue };

const webSrc = path.join(repoRoot, 'web', 'src');
const readJson = (file: string): Catalogue => JSON.parse(fs.readFileSync(file, 'utf8')) as Catalogue;
/** Feature folders with their own catalogue (web/src/<feature>/i18n/), mounted under the feature's name. */
const features = fs
  .readdirSync(webSrc)
  .filter((f) => f !== 'i18n' && fs.existsSync(path.join(webSrc, f, 'i18n', 'en.json')));
const load = (lang: string): Catalogue => {
  const out: Catalogue = readJson(path.join(webSrc, 'i18n', `${lang}.json`));
  for (const f of features) out[f] = readJson(path.join(webSrc, f, 'i18n', `${lang}.json`));
  return out;
};

function flatten(c: Catalogue, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(c)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;
const base = (key: string): string => key.replace(PLURAL, '');
const vars = (s: string): string[] => [...s.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]!).sort();

const en = flatten(load('en'));

describe('translation catalogues', () => {
  for (const lang of ['be', 'ru']) {
    describe(lang, () => {
      const cat = flatten(load(lang));
      const forms = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;

      it('has every English key and no others', () => {
        const want = new Set([...en.keys()].map(base));
        const have = new Set([...cat.keys()].map(base));
        expect([...want].filter((k) => !have.has(k))).toEqual([]);
        expect([...have].filter((k) => !want.has(k))).toEqual([]);
      });

      it("has all of the language's plural forms where English has plurals", () => {
        const plural = new Set([...en.keys()].filter((k) => PLURAL.test(k)).map(base));
        for (const key of plural) {
          for (const form of forms) expect(cat.has(`${key}_${form}`), `${lang} ${key}_${form}`).toBe(true);
        }
      });

      it('uses the same interpolation variables as English', () => {
        for (const [key, value] of cat) {
          const english = en.get(key) ?? en.get(`${base(key)}_other`) ?? '';
          expect(vars(value), `${lang} ${key}`).toEqual(vars(english));
        }
      });

      it('is written in the right alphabet and is not left in English', () => {
        // Letters that exist in only one of the two languages catch a string pasted into the wrong file.
        const foreign = lang === 'be' ? /[ищъ]/i : /[іў]/i;
        for (const [key, value] of cat) {
          expect(foreign.test(value), `${lang} ${key}: ${value}`).toBe(false);
          const english = en.get(key);
          // Codes, placeholders and symbols may coincide with English; words may not.
          if (
            english &&
            /[a-z]{3}/i.test(english.replace(/{{\w+}}|https?:\/\/|otpauth|URL|UTC|Supolka/g, ''))
          ) {
            expect(value, `${lang} ${key} is untranslated`).not.toBe(english);
          }
        }
      });
    });
  }
});
