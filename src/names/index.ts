/** Public API of the name-matching engine (dependency-free; see README.md). */
export { detectScript, habitOf } from './script';
export type { ScriptResult, CyrillicLang, LatinHabit } from './script';
export { transliterate, listSystems } from './transliterate';
export type { SystemId, BelarusianSystemId, RussianSystemId, SystemInfo } from './transliterate';
export { tokenKey, tokenKeys, skeleton } from './key';
export { givenHits, asPatronymic } from './given';
export type { GivenHit, Patronymic, Gender } from './given';
export { parseName, blockingKeys, surnameGender, clearNameCaches } from './parse';
export type { ParsedName, NameToken, Role } from './parse';
export { parseOrg, compareOrgs } from './org';
export { compareNames, DEFAULT_THRESHOLD } from './score';
export type { CompareOptions, CompareResult, Evidence, Schema } from './score';
export { NameIndex } from './name-index';
export type { Candidate, EntryMeta, IndexJSON, SearchOptions } from './name-index';
export { IndexFileError, INDEX_FORMAT_VERSION } from './index-codec';
