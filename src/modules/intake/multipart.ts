/**
 * A small multipart/form-data parser working on the in-memory request body. We do not use a streaming
 * library that spills to temporary files: on the no-JavaScript path the body is plaintext, and it must
 * never touch the disk. Fastify's body limit bounds the buffer; the limits below bound the parts.
 */
export interface MultipartFile {
  field: string;
  filename: string;
  type: string;
  data: Buffer;
}

export interface MultipartBody {
  fields: Map<string, string>;
  files: MultipartFile[];
}

export interface MultipartLimits {
  maxParts: number;
  maxFiles: number;
  maxFileBytes: number;
  maxFieldBytes: number;
}

export class MultipartError extends Error {
  constructor(
    message: string,
    readonly tooLarge = false,
  ) {
    super(message);
  }
}

export function boundaryOf(contentType: string | undefined): string | null {
  const m = /boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType ?? '');
  return m ? (m[1] ?? m[2] ?? null) : null;
}

export function parseMultipart(body: Buffer, boundary: string, limits: MultipartLimits): MultipartBody {
  const delimiter = Buffer.from(`--${boundary}`);
  const fields = new Map<string, string>();
  const files: MultipartFile[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new MultipartError('no boundary in body');
  let parts = 0;
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === '--') break;
    if (body.subarray(pos, pos + 2).toString() !== '\r\n') throw new MultipartError('malformed boundary');
    pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0 || headerEnd - pos > 2048) throw new MultipartError('malformed part headers');
    const headers = body.subarray(pos, headerEnd).toString('utf8');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
    if (next < 0) throw new MultipartError('unterminated part');
    const data = body.subarray(headerEnd + 4, next);
    if (++parts > limits.maxParts) throw new MultipartError('too many parts', true);
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    const type = /content-type:\s*([^\r\n;]+)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream';
    if (!name) throw new MultipartError('part without a name');
    if (filename !== undefined) {
      // An empty file input still sends a part with an empty filename and no data: skip it.
      if (filename !== '' || data.length > 0) {
        if (files.length >= limits.maxFiles) throw new MultipartError('too many files', true);
        if (data.length > limits.maxFileBytes) throw new MultipartError('file too large', true);
        files.push({ field: name, filename: filename.slice(0, 255), type: type.slice(0, 100), data });
      }
    } else {
      if (data.length > limits.maxFieldBytes) throw new MultipartError('field too large', true);
      fields.set(name, data.toString('utf8'));
    }
    pos = next + 2;
  }
  return { fields, files };
}
