import { LOCAL, readZip, ZipFormatError } from '../../core/archive/zip';
import { writeZip } from '../../core/archive/zip-writer';

/**
 * Document properties out of Office Open XML files (.docx, .xlsx, .pptx: ZIP archives). The parts that
 * carry them are replaced by empty ones of the same type, so every reference from the package still
 * resolves and the document opens as before:
 *
 * - docProps/core.xml (author, last modified by, created/modified times, title, subject, keywords),
 * - docProps/app.xml (application and version, company, manager, template, total editing time),
 * - docProps/custom.xml (custom properties), and the thumbnail docProps/thumbnail.* is dropped.
 *
 * Not removed: names in comments and tracked changes inside the document body, embedded images' own
 * metadata, hidden text. The archive is rewritten from its central directory; ZIP64, encrypted entries
 * and anything that expands beyond the limit are refused (a stripped copy is then not offered).
 */
const EMPTY_PARTS: Record<string, string> = {
  'docProps/core.xml':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"/>',
  'docProps/app.xml':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"/>',
  'docProps/custom.xml':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"/>',
};

export function isOoxml(d: Buffer): boolean {
  return d.length > 30 && d.readUInt32LE(0) === LOCAL && d.includes('[Content_Types].xml');
}

export function stripOoxml(d: Buffer, maxExpanded = 256 * 1024 * 1024): Buffer {
  // ZIP64 is refused: the expansion limit keeps the documents we strip far below 4 GiB.
  const entries = readZip(d, maxExpanded, { zip64: false });
  if (!entries.some((e) => e.name === '[Content_Types].xml'))
    throw new ZipFormatError('not an OOXML package');
  const out = entries
    .filter((e) => !/^docProps\/thumbnail\./i.test(e.name))
    .map((e) => (e.name in EMPTY_PARTS ? { name: e.name, data: Buffer.from(EMPTY_PARTS[e.name]!) } : e));
  return writeZip(out);
}
