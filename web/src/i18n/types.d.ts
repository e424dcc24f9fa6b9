import 'i18next';
import type { Catalogue } from './catalogues';

// English is the reference catalogue: a key missing from it is a compile error in `npx tsc -p web`.
declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: Catalogue };
  }
}
