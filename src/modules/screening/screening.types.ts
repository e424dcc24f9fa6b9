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
