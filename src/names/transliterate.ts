/** Public transliteration API over the data-driven systems in ./systems. */
import { runSystem, type SystemSpec } from './systems/engine';
import { BELARUSIAN_SYSTEMS } from './systems/belarusian';
import { RUSSIAN_SYSTEMS } from './systems/russian';

export type BelarusianSystemId =
  | 'be-national-2007'
  | 'be-bgn-pcgn'
  | 'be-icao-9303'
  | 'be-passport-2008'
  | 'be-passport-2010'
  | 'be-iso9'
  | 'be-gost-7.79'
  | 'be-lacinka';
export type RussianSystemId =
  | 'ru-icao-9303'
  | 'ru-bgn-pcgn'
  | 'ru-iso9'
  | 'ru-gost-7.79'
  | 'ru-passport-2008'
  | 'ru-passport-2010'
  | 'ru-mvd-310'
  | 'ru-english';
export type SystemId = BelarusianSystemId | RussianSystemId;

export interface SystemInfo {
  id: SystemId;
  label: string;
  lang: 'be' | 'ru';
  source: string;
}

const SYSTEMS = new Map<string, SystemSpec>(
  [...BELARUSIAN_SYSTEMS, ...RUSSIAN_SYSTEMS].map((s) => [s.id, s]),
);

export function listSystems(): SystemInfo[] {
  return [...SYSTEMS.values()].map((s) => ({
    id: s.id as SystemId,
    label: s.label,
    lang: s.lang,
    source: s.source,
  }));
}

export function transliterate(text: string, system: SystemId): string {
  const spec = SYSTEMS.get(system);
  if (!spec) throw new Error(`unknown transliteration system: ${system}`);
  return runSystem(spec, text);
}
