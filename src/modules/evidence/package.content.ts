import type { EvidenceBlobsTable } from '../../core/db/schema-accountability';
import type { CustodyEntry, EvidenceView, Recipient } from './evidence.schema';

/**
 * What goes into a case-file package, already filtered for the author's view and the recipient, and its
 * two renderings: FollowTheMoney entities for machines and an English HTML summary for people.
 */
export interface PackPerpetrator {
  id: string;
  category: string;
  names: Array<{ script: string; kind: string; value: string }>;
  birthYear: number | null;
  positions: Array<{
    id: string;
    institution: string;
    title: string;
    from: string | null;
    to: string | null;
  }>;
  links: Array<{ targetType: 'case' | 'violation'; targetId: string; role: string; sources: string[] }>;
}
export interface PackPerson {
  id: string;
  refCode: string;
  /** Empty when the identity may not go to this recipient: the reference code stands in. */
  names: Array<{ script: string; value: string }>;
}
export interface PackCase {
  id: string;
  personId: string;
  caseNumber: string | null;
  court: string | null;
  detainedOn: string | null;
  verdictOn: string | null;
}
export interface PackViolation {
  id: string;
  type: string;
  occurredOn: string | null;
  occurredUntil: string | null;
  place: string | null;
  description: string | null;
  victimIds: string[];
  sources: string[];
}
export interface PackEvidence {
  view: EvidenceView;
  path: string;
  custody: CustodyEntry[];
  /** The stored original, loaded with the item; undefined only if the store lost track of it. */
  blob: EvidenceBlobsTable | undefined;
}
export interface PackContent {
  packageId: string;
  title: string;
  recipient: Recipient;
  createdAt: string;
  createdBy: string;
  fingerprint: string;
  perpetrators: PackPerpetrator[];
  persons: PackPerson[];
  cases: PackCase[];
  violations: PackViolation[];
  evidence: PackEvidence[];
  withheld: number;
}

type Entity = { id: string; schema: string; properties: Record<string, string[]> };
const props = (o: Record<string, Array<string | null | undefined>>): Record<string, string[]> =>
  Object.fromEntries(
    Object.entries(o)
      .map(([k, v]) => [k, v.filter((x): x is string => typeof x === 'string' && x.length > 0)] as const)
      .filter(([, v]) => v.length > 0),
  );

export function ftmEntities(c: PackContent): Entity[] {
  const out: Entity[] = [];
  for (const p of c.perpetrators) {
    const primary = p.names.filter((n) => n.kind === 'primary').map((n) => n.value);
    out.push({
      id: `perpetrator-${p.id}`,
      schema: 'Person',
      properties: props({
        name: primary.length > 0 ? primary : p.names.slice(0, 1).map((n) => n.value),
        alias: p.names.filter((n) => n.kind !== 'primary').map((n) => n.value),
        birthDate: [p.birthYear ? String(p.birthYear) : null],
        position: p.positions.map((x) => `${x.title}, ${x.institution}`),
        topics: ['role.pep'],
        notes: [`category: ${p.category}`],
      }),
    });
    for (const pos of p.positions) {
      out.push({
        id: `position-${pos.id}`,
        schema: 'Position',
        properties: props({ name: [`${pos.title}, ${pos.institution}`], country: ['by'] }),
      });
      out.push({
        id: `occupancy-${pos.id}`,
        schema: 'Occupancy',
        properties: props({
          holder: [`perpetrator-${p.id}`],
          post: [`position-${pos.id}`],
          startDate: [pos.from],
          endDate: [pos.to],
        }),
      });
    }
    p.links.forEach((l, i) =>
      out.push({
        id: `link-${p.id}-${i}`,
        schema: 'UnknownLink',
        properties: props({
          subject: [`perpetrator-${p.id}`],
          object: [`${l.targetType}-${l.targetId}`],
          role: [l.role],
          sourceUrl: l.sources,
        }),
      }),
    );
  }
  for (const p of c.persons)
    out.push({
      id: `person-${p.id}`,
      schema: 'Person',
      properties: props({
        name: p.names.length > 0 ? p.names.map((n) => n.value) : [p.refCode],
        keywords: [p.refCode],
      }),
    });
  for (const k of c.cases) {
    out.push({
      id: `case-${k.id}`,
      schema: 'CourtCase',
      properties: props({
        name: [k.caseNumber ?? `case ${k.id.slice(0, 8)}`],
        caseNumber: [k.caseNumber],
        court: [k.court],
        fileDate: [k.detainedOn],
        closeDate: [k.verdictOn],
      }),
    });
    out.push({
      id: `party-${k.id}`,
      schema: 'CourtCaseParty',
      properties: props({ party: [`person-${k.personId}`], case: [`case-${k.id}`], role: ['defendant'] }),
    });
  }
  for (const v of c.violations)
    out.push({
      id: `violation-${v.id}`,
      schema: 'Event',
      properties: props({
        name: [v.type.replace(/_/g, ' ')],
        startDate: [v.occurredOn],
        endDate: [v.occurredUntil],
        location: [v.place],
        summary: [v.description],
        involved: [
          ...v.victimIds.map((id) => `person-${id}`),
          ...c.perpetrators
            .filter((p) => p.links.some((l) => l.targetId === v.id))
            .map((p) => `perpetrator-${p.id}`),
        ],
        sourceUrl: v.sources,
      }),
    });
  for (const e of c.evidence)
    out.push({
      id: `evidence-${e.view.id}`,
      schema: 'Document',
      properties: props({
        title: [e.view.title],
        fileName: [e.view.fileName ?? e.path.split('/').pop()],
        fileSize: [String(e.view.size)],
        mimeType: [e.view.mediaType],
        language: [e.view.language],
        date: [e.view.capturedAt],
      }),
    });
  return out;
}

const esc = (s: string | number | null | undefined): string =>
  String(s ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** A readable English summary; names appear in every script they were recorded in. */
export function summaryHtml(c: PackContent): string {
  const personLabel = new Map(
    c.persons.map((p) => [p.id, p.names.length ? p.names.map((n) => n.value).join(' / ') : p.refCode]),
  );
  const caseLabel = new Map(
    c.cases.map((k) => [
      k.id,
      `Case ${k.caseNumber ?? 'without number'} (${personLabel.get(k.personId) ?? ''})`,
    ]),
  );
  const violationLabel = new Map(
    c.violations.map((v) => [v.id, `${v.type.replace(/_/g, ' ')} ${v.occurredOn ?? ''}`]),
  );
  const target = (t: string, id: string) => (t === 'case' ? caseLabel.get(id) : violationLabel.get(id)) ?? id;
  const rows: string[] = [];
  rows.push(`<h2>Perpetrators (${c.perpetrators.length})</h2>`);
  for (const p of c.perpetrators) {
    rows.push(`<section><h3>${esc(p.names.map((n) => n.value).join(' / '))}</h3>`);
    rows.push(
      `<p>Category: ${esc(p.category.replace(/_/g, ' '))}${p.birthYear ? `; born ${esc(p.birthYear)}` : ''}</p>`,
    );
    rows.push(
      '<ul>' +
        p.names
          .map(
            (n) =>
              `<li lang="${esc(n.script)}">${esc(n.value)} <small>(${esc(n.script)}, ${esc(n.kind)})</small></li>`,
          )
          .join('') +
        '</ul>',
    );
    if (p.positions.length)
      rows.push(
        '<table><tr><th>Institution</th><th>Title</th><th>From</th><th>To</th></tr>' +
          p.positions
            .map(
              (x) =>
                `<tr><td>${esc(x.institution)}</td><td>${esc(x.title)}</td><td>${esc(x.from)}</td><td>${esc(x.to)}</td></tr>`,
            )
            .join('') +
          '</table>',
      );
    if (p.links.length)
      rows.push(
        '<ul>' +
          p.links
            .map(
              (l) => `<li>${esc(l.role.replace(/_/g, ' '))} in ${esc(target(l.targetType, l.targetId))}</li>`,
            )
            .join('') +
          '</ul>',
      );
    rows.push('</section>');
  }
  rows.push(`<h2>Cases (${c.cases.length})</h2><ul>`);
  for (const k of c.cases)
    rows.push(
      `<li>${esc(caseLabel.get(k.id))}; court: ${esc(k.court ?? 'unknown')}; detained ${esc(k.detainedOn ?? 'unknown')}; verdict ${esc(k.verdictOn ?? 'unknown')}</li>`,
    );
  rows.push(`</ul><h2>Violations (${c.violations.length})</h2><ul>`);
  for (const v of c.violations)
    rows.push(
      `<li><strong>${esc(violationLabel.get(v.id))}</strong> ${esc(v.place ?? '')}; victims: ${esc(v.victimIds.map((id) => personLabel.get(id) ?? '').join(', ') || 'none recorded')}${v.description ? `<br>${esc(v.description)}` : ''}</li>`,
    );
  rows.push(`</ul><h2>Evidence (${c.evidence.length})</h2>`);
  if (c.withheld > 0)
    rows.push(
      `<p>${c.withheld} further item(s) are not included: their consent does not allow this recipient.</p>`,
    );
  rows.push(
    '<table><tr><th>Title</th><th>Kind</th><th>File</th><th>Size (bytes)</th><th>SHA-256</th><th>Custody events</th></tr>',
  );
  for (const e of c.evidence)
    rows.push(
      `<tr><td>${esc(e.view.title)}</td><td>${esc(e.view.kind)}${e.view.derivation ? ` (${esc(e.view.derivation)} copy)` : ''}</td><td>${esc(e.path)}</td><td>${esc(e.view.size)}</td><td><code>${esc(e.view.sha256)}</code></td><td>${e.custody.length}</td></tr>`,
    );
  rows.push('</table>');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(c.title)}</title>
<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;line-height:1.4}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2rem .4rem;text-align:left}code{font-size:.8em;word-break:break-all}</style>
</head><body>
<h1>${esc(c.title)}</h1>
<p>Prepared for: ${esc(c.recipient.replace(/_/g, ' '))}. Created ${esc(c.createdAt)} by ${esc(c.createdBy)}. Package ${esc(c.packageId)}.</p>
<p>The manifest (manifest.json) lists every file with its SHA-256 and is signed with Ed25519; key fingerprint <code>${esc(c.fingerprint)}</code>. Check with <code>supolka evidence verify PACKAGE</code>.</p>
${rows.join('\n')}
</body></html>
`;
}
