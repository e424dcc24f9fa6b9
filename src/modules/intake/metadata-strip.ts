import { isOoxml, stripOoxml } from './ooxml-strip';

/**
 * Metadata-stripped copies of attachments for wider sharing. What is removed:
 *
 * - JPEG: every APPn segment except a minimal JFIF APP0 (so EXIF with GPS position, camera serial number and
 *   time; XMP; IPTC/Photoshop; ICC profiles; maker notes), and COM comments. Pixel data is untouched.
 * - PNG: tEXt, zTXt, iTXt (comments, author, software), eXIf, tIME, and iCCP chunks.
 * - Office Open XML (.docx, .xlsx, .pptx): document properties, see ooxml-strip.ts.
 *
 * What is NOT removed (documented in docs/secure-channel.md): metadata of any other format (PDF document
 * properties and XMP, legacy .doc/.xls, ODF, video and audio containers, HEIC), identifying content in
 * the pixels themselves (faces, reflections, printer tracking dots), and sensor noise that can link photos
 * to one camera. Other types are returned as null: the staff UI then says no stripped copy exists.
 */
export function stripMetadata(type: string, data: Buffer): Buffer | null {
  if (isJpeg(data)) return stripJpeg(data);
  if (isPng(data)) return stripPng(data);
  if (isOoxml(data)) {
    // A damaged or hostile archive gets no stripped copy rather than an error.
    try {
      return stripOoxml(data);
    } catch {
      return null;
    }
  }
  void type;
  return null;
}

const isJpeg = (d: Buffer): boolean => d.length > 4 && d[0] === 0xff && d[1] === 0xd8;
const PNG_SIG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const isPng = (d: Buffer): boolean => d.length > 8 && d.subarray(0, 8).equals(PNG_SIG);

export class StripError extends Error {}

function stripJpeg(d: Buffer): Buffer {
  const out: Buffer[] = [d.subarray(0, 2)];
  let pos = 2;
  while (pos < d.length) {
    if (d[pos] !== 0xff) throw new StripError('JPEG marker expected');
    const marker = d[pos + 1]!;
    // Fill bytes.
    if (marker === 0xff) {
      pos += 1;
      continue;
    }
    // Start of scan: the rest is entropy-coded image data (and any markers after it belong to it).
    if (marker === 0xda) {
      out.push(d.subarray(pos));
      break;
    }
    // Standalone markers without a length.
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      out.push(d.subarray(pos, pos + 2));
      pos += 2;
      continue;
    }
    if (marker === 0xd9) {
      out.push(d.subarray(pos, pos + 2));
      break;
    }
    if (pos + 4 > d.length) throw new StripError('truncated JPEG');
    const len = d.readUInt16BE(pos + 2);
    const seg = d.subarray(pos, pos + 2 + len);
    if (seg.length !== len + 2) throw new StripError('truncated JPEG segment');
    const isApp = marker >= 0xe0 && marker <= 0xef;
    const isJfif = marker === 0xe0 && seg.subarray(4, 9).toString('latin1') === 'JFIF\0';
    const keep = (!isApp || isJfif) && marker !== 0xfe;
    if (keep) out.push(isJfif ? minimalJfif(seg) : seg);
    pos += 2 + len;
  }
  return Buffer.concat(out);
}

/** A JFIF APP0 without its embedded thumbnail (which can show the unredacted picture). */
function minimalJfif(seg: Buffer): Buffer {
  if (seg.length < 18) return seg;
  const out = Buffer.from(seg.subarray(0, 18));
  out.writeUInt16BE(16, 2);
  out[16] = 0;
  out[17] = 0;
  return out;
}

const PNG_DROP = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME', 'iCCP']);

function stripPng(d: Buffer): Buffer {
  const out: Buffer[] = [PNG_SIG];
  let pos = 8;
  while (pos + 12 <= d.length) {
    const len = d.readUInt32BE(pos);
    const type = d.subarray(pos + 4, pos + 8).toString('latin1');
    const end = pos + 12 + len;
    if (end > d.length) throw new StripError('truncated PNG chunk');
    if (!PNG_DROP.has(type)) out.push(d.subarray(pos, end));
    pos = end;
    if (type === 'IEND') break;
  }
  return Buffer.concat(out);
}
