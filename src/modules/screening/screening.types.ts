/**
 * What screening compares against: one listed target (a sanctions-list entry or a FollowTheMoney entity) with
 * every name and alias it is known by. Produced by the sanctions module (from imported lists in the database)
 * and by the file readers of `supolka screen --against`; consumed by the screening service.
 */
export interface ScreenTarget {
  /** Stable id within its source, e.g. the sanctions target id or the FollowTheMoney entity id. */
  id: string;
  /** FollowTheMoney schema: Person, Organization, Company, LegalEntity, Vessel, Airplane. */
  schema: string;
  /** The primary name first, then every alias, in every script the source gives. */
  names: string[];
  /** Datasets (lists) that carry this target, e.g. ["eu-fsf", "us-ofac-sdn"]. */
  datasets: string[];
  /** ISO dates or years (YYYY, YYYY-MM, YYYY-MM-DD). */
  birthDates: string[];
  /** ISO 3166-1 alpha-2 codes (nationality, citizenship, registration, address). */
  countries: string[];
}

/** One row to screen: `name` is required; the rest is optional evidence. Other columns are echoed back. */
export interface ScreenInput {
  name: string;
  /** Person (default) or Organization; other FollowTheMoney schemas count as Organization. */
  schema?: string;
  /** ISO date or year. */
  birthDate?: string;
  /** ISO 3166-1 alpha-2. */
  country?: string;
  [column: string]: string | undefined;
}

export interface ScreenCandidate {
  id: string;
  name: string;
  score: number;
  datasets: string[];
  explanation: string[];
}

/** One output line of `supolka screen` and one element of POST /api/v1/screen's `results`. */
export interface ScreenResult {
  input: ScreenInput;
  candidates: ScreenCandidate[];
}
