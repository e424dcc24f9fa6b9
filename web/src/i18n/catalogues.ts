import beCore from './be.json';
import enCore from './en.json';
import ruCore from './ru.json';
import registryBe from '../registry/i18n/be.json';
import registryEn from '../registry/i18n/en.json';
import registryRu from '../registry/i18n/ru.json';
import intakeBe from '../intake/i18n/be.json';
import intakeEn from '../intake/i18n/en.json';
import intakeRu from '../intake/i18n/ru.json';
import accountabilityBe from '../accountability/i18n/be.json';
import accountabilityEn from '../accountability/i18n/en.json';
import accountabilityRu from '../accountability/i18n/ru.json';
import sanctionsBe from '../sanctions/i18n/be.json';
import sanctionsEn from '../sanctions/i18n/en.json';
import sanctionsRu from '../sanctions/i18n/ru.json';

/**
 * The UI's translations: the shell's catalogue (./<lang>.json) plus one catalogue per feature folder
 * (web/src/<feature>/i18n/<lang>.json), mounted under the feature's name so that keys read
 * `t('<feature>.<key>')`. Feature catalogues live beside their pages; adding a feature means three imports
 * and one entry per language below. test/e2e/i18n-catalogues.e2e.spec.ts checks every folder it finds.
 */
export const catalogues = {
  en: {
    ...enCore,
    registry: registryEn,
    intake: intakeEn,
    accountability: accountabilityEn,
    sanctions: sanctionsEn,
  },
  be: {
    ...beCore,
    registry: registryBe,
    intake: intakeBe,
    accountability: accountabilityBe,
    sanctions: sanctionsBe,
  },
  ru: {
    ...ruCore,
    registry: registryRu,
    intake: intakeRu,
    accountability: accountabilityRu,
    sanctions: sanctionsRu,
  },
};

export type Catalogue = typeof catalogues.en;
