import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEuFsf } from './eu-fsf.parser';
import { streamSource } from './input';
import { SanctionsParseError, type SanctionsParseErrorCode } from './sanctions.errors';
import { parseSanctionsFile, type ParseOptions } from './sanctions.parser';
import type { SanctionsInput, SanctionTarget } from './sanctions.types';

/** Bad and hostile input: each must fail with a typed error naming the file and the position. */

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'supolka-sanctions-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const write = (name: string, data: string | Uint8Array): string => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, data);
  return p;
};

async function drain(input: SanctionsInput, options?: ParseOptions): Promise<SanctionTarget[]> {
  const list = await parseSanctionsFile(input, options);
  const out: SanctionTarget[] = [];
  for await (const t of list.targets) out.push(t);
  return out;
}

async function failure(input: SanctionsInput, options?: ParseOptions): Promise<SanctionsParseError> {
  try {
    await drain(input, options);
  } catch (err) {
    if (err instanceof SanctionsParseError) return err;
    throw err;
  }
  throw new Error('expected a SanctionsParseError');
}

const expectCode = (err: SanctionsParseError, code: SanctionsParseErrorCode, file: string) => {
  expect(err.code).toBe(code);
  expect(err.file).toBe(file);
  expect(err.message.startsWith(file)).toBe(true);
};

const FSF_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?>\n<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-01-02T00:00:00">\n';
const entity = (ref: string, name: string) =>
  `<sanctionEntity euReferenceNumber="${ref}" logicalId="1"><regulation programme="BLR"/><subjectType code="person"/><nameAlias wholeName="${name}" strong="true"/></sanctionEntity>\n`;
const OFAC_ROW = '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n';

describe('hostile XML', () => {
  it('rejects a billion-laughs DOCTYPE without expanding it', async () => {
    const lol = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE export [',
      '<!ENTITY lol "lol">',
      ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`),
      ']>',
      '<export xmlns="http://eu.europa.ec/fpi/fsd/export"><sanctionEntity euReferenceNumber="EU.1"><nameAlias wholeName="&lol9;"/></sanctionEntity></export>',
    ].join('\n');
    const file = write('lol.xml', lol);
    const before = process.memoryUsage().heapUsed;
    const err = await failure(file);
    expectCode(err, 'xml-doctype', 'lol.xml');
    // 10^9 "lol"s would be gigabytes; we must not have grown by more than a few MB.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(50 * 1024 * 1024);
  });

  it('rejects an external entity (XXE) and never reads the file it names', async () => {
    const secret = write('secret.txt', 'TOP-SECRET-CONTENT');
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE export [<!ENTITY xxe SYSTEM "file://${secret}">]>\n<export xmlns="http://eu.europa.ec/fpi/fsd/export">${entity('EU.1', '&xxe;')}</export>`;
    const err = await failure(write('xxe.xml', xxe));
    expectCode(err, 'xml-doctype', 'xxe.xml');
    expect(err.message).not.toContain('TOP-SECRET');
    const passwd = await failure(write('passwd.xml', xxe.replace(`file://${secret}`, 'file:///etc/passwd')));
    expect(passwd.code).toBe('xml-doctype');
  });

  it('rejects a DOCTYPE in the parser too, not only in the format sniffer', async () => {
    // The sniffer sees only the first KB; call the XML parser directly to prove its own guard.
    const xml = `<?xml version="1.0"?>\n<!--${' '.repeat(4000)}-->\n<!DOCTYPE export [<!ENTITY a "b">]>\n<export>${entity('EU.1', '&a;')}</export>`;
    const chunks = Array.from({ length: Math.ceil(xml.length / 500) }, (_, i) =>
      xml.slice(i * 500, i * 500 + 500),
    );
    const list = parseEuFsf('late-doctype.xml', '', chunks);
    const err = await list.targets[Symbol.asyncIterator]()
      .next()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(SanctionsParseError);
    expectCode(err as SanctionsParseError, 'xml-doctype', 'late-doctype.xml');
    expect((err as SanctionsParseError).line).toBe(3);
  });

  it('treats an undeclared entity reference as malformed XML, with its line', async () => {
    const xml = `${FSF_OPEN}${entity('EU.1', 'A')}${entity('EU.2', '&xxe;')}</export>`;
    const err = await failure(write('undeclared.xml', xml));
    expectCode(err, 'xml-malformed', 'undeclared.xml');
    expect(err.line).toBe(4);
  });

  it('reports truncated XML (an unclosed element) as malformed', async () => {
    const err = await failure(
      write('cut.xml', `${FSF_OPEN}${entity('EU.1', 'A')}<sanctionEntity euReferenceNumber="EU.2">`),
    );
    expectCode(err, 'xml-malformed', 'cut.xml');
  });

  it('parses a small well-formed fixture (control for the cases above)', async () => {
    const targets = await drain(write('ok.xml', `${FSF_OPEN}${entity('EU.1', 'Ivan &amp; Co')}</export>`));
    expect(targets.map((t) => [t.sourceId, t.names[0]?.value, t.programmes[0]?.regime])).toEqual([
      ['EU.1', 'Ivan & Co', 'Belarus'],
    ]);
  });
});

describe('broken containers and encodings', () => {
  it('detects gzip by magic bytes, whatever the file is called', async () => {
    const targets = await drain(
      write('no-extension.dat', gzipSync(`${FSF_OPEN}${entity('EU.1', 'A')}</export>`)),
    );
    expect(targets).toHaveLength(1);
  });

  it('rejects a truncated gzip file', async () => {
    const body =
      FSF_OPEN +
      Array.from({ length: 2000 }, (_, i) => entity(`EU.${i}`, `Name ${i}`)).join('') +
      '</export>';
    const gz = gzipSync(body);
    const err = await failure(write('truncated.xml.gz', gz.subarray(0, Math.floor(gz.length / 2))));
    expectCode(err, 'truncated-gzip', 'truncated.xml.gz');
  });

  it('rejects corrupt gzip data', async () => {
    const gz = Buffer.from(gzipSync(OFAC_ROW.repeat(50)));
    gz.fill(0xff, 12, 40);
    expectCode(await failure(write('corrupt.csv.gz', gz)), 'corrupt-gzip', 'corrupt.csv.gz');
  });

  it('stops a gzip bomb at the configured decompressed size', async () => {
    const bomb = gzipSync(Buffer.concat([Buffer.from(OFAC_ROW), Buffer.alloc(20 * 1024 * 1024, 0x20)]));
    expect(bomb.length).toBeLessThan(100 * 1024);
    const err = await failure(write('bomb.gz', bomb), { maxBytes: 1024 * 1024 });
    expectCode(err, 'too-large', 'bomb.gz');
  });

  it('refuses an endless FtM line, XML attribute or XML text before holding it whole', async () => {
    const small = { maxTokenChars: 4096 };
    const line = (name: string) =>
      JSON.stringify({
        id: `x-${name.length}`,
        schema: 'Person',
        properties: { name: [name] },
        datasets: ['x'],
        target: true,
      });
    const huge = 'A'.repeat(64 * 1024);
    // The long line comes later and has no line break at all: the whole rest of the file.
    const ftm = await failure(write('long.jsonl', `${line('B')}\n${line('CC')}\n${line(huge)}`), small);
    expectCode(ftm, 'too-large', 'long.jsonl');
    expect(ftm.line).toBe(3);
    expect(ftm.message).not.toContain('AAAA');
    const attr = await failure(write('long-attr.xml', `${FSF_OPEN}${entity('EU.1', huge)}</export>`), small);
    expectCode(attr, 'too-large', 'long-attr.xml');
    const remark = `<sanctionEntity euReferenceNumber="EU.2"><remark>${huge}</remark></sanctionEntity>`;
    const text = await failure(write('long-text.xml', `${FSF_OPEN}${remark}</export>`), small);
    expectCode(text, 'too-large', 'long-text.xml');
    // Control: the same files within the default bound parse.
    expect(await drain(path.join(dir, 'long.jsonl'))).toHaveLength(3);
    expect(await drain(path.join(dir, 'long-attr.xml'))).toHaveLength(1);
  });

  it('rejects invalid UTF-8 and reports the byte offset and line', async () => {
    const good = Buffer.from(OFAC_ROW.repeat(3));
    const bad = Buffer.concat([
      good,
      Buffer.from('37,"CAF'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('",-0- \r\n'),
    ]);
    const err = await failure(write('bad-utf8.csv', bad));
    expectCode(err, 'invalid-utf8', 'bad-utf8.csv');
    expect(err.offset).toBe(good.length + 7);
    expect(err.line).toBe(4);
    // Same inside gzip, where offsets are in the decompressed text.
    const gzErr = await failure(write('bad-utf8.csv.gz', gzipSync(bad)));
    expect([gzErr.code, gzErr.offset]).toEqual(['invalid-utf8', good.length + 7]);
  });

  it('finds invalid UTF-8 split across chunk boundaries and at the very end', async () => {
    const prefix = Buffer.from(OFAC_ROW.repeat(2000)); // > 64 KB, so the source yields several chunks
    const cut = 64 * 1024 - 1; // a 3-byte lead byte at the end of chunk 1, broken continuation after
    const bytes = Buffer.concat([prefix.subarray(0, cut), Buffer.from([0xe2, 0x41]), prefix.subarray(cut)]);
    const err = await failure({
      name: 'split.csv',
      reopenable: true,
      open: () => Readable.from([bytes.subarray(0, cut + 1), bytes.subarray(cut + 1)], { objectMode: true }),
    });
    expect([err.code, err.offset]).toEqual(['invalid-utf8', cut]);
    const tail = await failure(
      write('tail.csv', Buffer.concat([Buffer.from(OFAC_ROW), Buffer.from([0xf0, 0x9f])])),
    );
    expect([tail.code, tail.offset]).toEqual(['invalid-utf8', Buffer.byteLength(OFAC_ROW)]);
  });

  it('rejects an empty file, a whitespace-only file and an empty gzip', async () => {
    expectCode(await failure(write('empty.csv', '')), 'empty-file', 'empty.csv');
    expectCode(await failure(write('blank.xml', ' \r\n\n')), 'empty-file', 'blank.xml');
    expectCode(await failure(write('empty.gz', gzipSync(Buffer.alloc(0)))), 'empty-file', 'empty.gz');
  });

  it('rejects an unknown format', async () => {
    expectCode(
      await failure(write('note.txt', 'Dear colleagues,\nplease find attached.\n')),
      'unknown-format',
      'note.txt',
    );
    expectCode(
      await failure(write('other.xml', '<?xml version="1.0"?><html><body/></html>')),
      'unknown-format',
      'other.xml',
    );
    expectCode(await failure(write('plain.json', '{"hello": "world"}\n')), 'unknown-format', 'plain.json');
    // A CSV with a numeric first column but not OFAC's 12 columns is not taken for OFAC.
    expectCode(
      await failure(write('short.csv', '1,"a","b"\r\n2,"c","d"\r\n')),
      'unknown-format',
      'short.csv',
    );
  });
});

describe('broken records', () => {
  it('names the line of an OFAC row with the wrong number of columns', async () => {
    const rows = OFAC_ROW.repeat(4) + '40,"SHORT ROW",-0- ,"CUBA"\r\n' + OFAC_ROW;
    const err = await failure(write('columns.csv', rows));
    expectCode(err, 'csv-column-count', 'columns.csv');
    expect([err.line, err.record]).toEqual([5, 5]);
    expect(err.message).toContain('line 5');
    expect(err.message).toContain('expected 12 columns, found 4');
    // Messages never quote row contents (names of people end up in logs otherwise).
    expect(err.message).not.toContain('SHORT ROW');
  });

  it('counts lines inside quoted fields when naming a bad row', async () => {
    const multi = '41,"MULTI",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"line one\r\nline two"\r\n';
    const err = await failure(write('multiline.csv', OFAC_ROW + multi + '42,"BAD"\r\n'));
    expect([err.code, err.line, err.record]).toEqual(['csv-column-count', 4, 3]);
  });

  it('reports an unterminated quote and a non-numeric ent_num', async () => {
    const err = await failure(write('quote.csv', `${OFAC_ROW}43,"OPEN QUOTE,-0- \r\n`));
    expect([err.code, err.line]).toEqual(['csv-malformed', 2]);
    const ent = await failure(write('ent.csv', OFAC_ROW + OFAC_ROW.replace('36,', 'x36,')));
    expect([ent.code, ent.line]).toEqual(['invalid-record', 2]);
  });

  it('reports a malformed FtM line and a line that is not an entity', async () => {
    const ok = JSON.stringify({
      id: 'x-1',
      schema: 'Person',
      properties: { name: ['A'] },
      datasets: ['x'],
      target: true,
    });
    const err = await failure(write('bad.jsonl', `${ok}\n${ok}\n{"id": "x-2", "schema": \n`));
    expectCode(err, 'json-malformed', 'bad.jsonl');
    expect(err.line).toBe(3);
    const notEntity = await failure(
      write('bad2.jsonl', `${ok}\n{"id":"x-3","schema":"Person","properties":{"name":"not a list"}}\n`),
    );
    expect([notEntity.code, notEntity.line]).toEqual(['invalid-record', 2]);
  });

  it('refuses to reopen a one-shot stream', async () => {
    const src = streamSource('once.csv', Readable.from([Buffer.from(OFAC_ROW)], { objectMode: true }));
    expect(await drain(src)).toHaveLength(1);
    expect((await failure(src)).code).toBe('source-not-reopenable');
  });
});
