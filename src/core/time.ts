/** All stored timestamps are ISO-8601 UTC strings with millisecond precision, identical on both engines. */
export function nowIso(): string {
  return new Date().toISOString();
}

export function addMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}
