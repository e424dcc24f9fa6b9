import { PROGRAMMES, type ProgrammeDefinition } from './regimes.data';
import type { Jurisdiction, ParseSummary, TargetProgramme } from './sanctions.types';

/** Lookup over regimes.data.ts; unknown programmes become regime "other" and are counted. */

const key = (jurisdiction: string, name: string): string =>
  `${jurisdiction}\u0000${name.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase()}`;

const index = new Map<string, ProgrammeDefinition>();
for (const def of PROGRAMMES) {
  for (const name of [def.code, ...(def.aliases ?? [])]) {
    const k = key(def.jurisdiction, name);
    const existing = index.get(k);
    if (existing === def) continue;
    if (existing) throw new Error(`regimes.data.ts: duplicate programme ${def.jurisdiction} ${name}`);
    index.set(k, def);
  }
}

export function findProgramme(jurisdiction: Jurisdiction, name: string): ProgrammeDefinition | undefined {
  return index.get(key(jurisdiction, name));
}

/** FtM Sanction `country` (and similar) → the jurisdiction codes used in regimes.data.ts. */
export function jurisdictionOf(country: string | undefined): Jurisdiction | undefined {
  if (!country) return undefined;
  const c = country.trim().toLowerCase();
  if (c === 'gb' || c === 'uk') return 'UK';
  return c.toUpperCase();
}

/**
 * The programme record for a target. `names` are the spellings the list gives, most specific
 * first (FtM: programId, then program text); the first that matches wins.
 */
export function resolveProgramme(
  jurisdiction: Jurisdiction,
  names: readonly string[],
  summary: ParseSummary,
  listedOn?: string,
): TargetProgramme {
  const candidates = names.map((n) => n.trim()).filter((n) => n.length > 0);
  for (const name of candidates) {
    const def = findProgramme(jurisdiction, name);
    if (def)
      return {
        code: def.code,
        jurisdiction,
        regime: def.regime,
        ...(def.legalBasis ? { legalBasis: def.legalBasis } : {}),
        ...(listedOn ? { listedOn } : {}),
      };
  }
  const code = candidates[0] ?? 'unknown';
  const reportKey = `${jurisdiction}:${code}`;
  summary.unknownProgrammes[reportKey] = (summary.unknownProgrammes[reportKey] ?? 0) + 1;
  return { code, jurisdiction, regime: 'other', ...(listedOn ? { listedOn } : {}) };
}

export function newSummary(): ParseSummary {
  return { targets: 0, unknownProgrammes: {}, skipped: {} };
}

export function countSkipped(summary: ParseSummary, reason: string): void {
  summary.skipped[reason] = (summary.skipped[reason] ?? 0) + 1;
}
