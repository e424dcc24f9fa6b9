import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { Dossier } from './unsanctioned.service';

// DejaVu: the standard PDF fonts have no Cyrillic, and names appear in every script recorded.
const FONT = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

/** The listing-proposal dossier as a PDF, in English, with the same content as the JSON form. */
export function dossierPdf(d: Dossier): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    info: {
      Title: `Listing proposal (${d.jurisdiction})`,
      Subject: `perpetrator=${d.identity.perpetratorId}`,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', FONT);
  doc.registerFont('bold', FONT_BOLD);
  const heading = (t: string) =>
    doc.moveDown(0.6).font('bold').fontSize(12).text(t).font('body').fontSize(10);
  doc.font('bold').fontSize(16).text(`Proposal for listing — ${d.jurisdiction}`);
  doc
    .font('body')
    .fontSize(9)
    .text(
      `Generated ${d.generatedAt}. ${d.alreadyListedByJurisdiction ? 'Note: a matching listing by this jurisdiction already exists.' : 'No listing by this jurisdiction was found.'}`,
    );
  heading('Identity');
  doc.text(
    `Category: ${d.identity.category.replace(/_/g, ' ')}${d.identity.birthYear ? `; born ${d.identity.birthYear}` : ''}`,
  );
  for (const n of d.identity.names) doc.text(`${n.value}  (${n.script}, ${n.kind})`);
  heading('Positions held');
  if (d.positions.length === 0) doc.text('None recorded.');
  for (const p of d.positions)
    doc.text(`${p.title}, ${p.institution} — ${p.from ?? '?'} to ${p.to ?? 'present'}`);
  heading('Cases');
  if (d.cases.length === 0) doc.text('None recorded.');
  for (const c of d.cases)
    doc.text(
      `Case ${c.caseNumber ?? 'without number'} (${c.personRef}); court: ${c.court ?? 'unknown'}; verdict: ${c.verdictOn ?? 'unknown'}; role: ${c.roles.join(', ').replace(/_/g, ' ')}`,
    );
  heading('Violations');
  if (d.violations.length === 0) doc.text('None recorded.');
  for (const v of d.violations)
    doc.text(`${v.label}${v.place ? `, ${v.place}` : ''}; role: ${v.roles.join(', ').replace(/_/g, ' ')}`);
  heading('Evidence held (references)');
  if (d.evidence.length === 0) doc.text('None.');
  for (const e of d.evidence)
    doc
      .fontSize(8)
      .text(
        `${e.kind} ${e.evidenceId} — SHA-256 ${e.sha256} — ${e.size} bytes — may be shared with: ${e.consent.join(', ') || 'nobody'}`,
      )
      .fontSize(10);
  heading('Existing listings elsewhere');
  if (d.listingsElsewhere.length === 0) doc.text('None found in the imported lists.');
  for (const l of d.listingsElsewhere)
    doc.text(`${l.jurisdiction} (${l.datasets.join(', ')}): ${l.targetName} — match score ${l.score}`);
  doc.end();
  return done;
}
