/**
 * Evidence locker benchmark: ingest throughput (SHA-256 + AES-256-GCM framed encryption + write + fsync +
 * database row and custody entry) and peak memory, for a 64 MiB and a 1 GiB file of random bytes generated
 * in a temporary folder, through the service and end to end through the HTTP upload route (streamed, no
 * buffering); then a verified download (decrypt + re-hash). Writes bench/results/evidence.json.
 *
 *   npx tsx bench/evidence.bench.ts [--mib N]        (default: 64 and 1024)
 *   EVIDENCE_BENCH_MIB=16,64 npx tsx bench/evidence.bench.ts   (smaller sizes while developing)
 *
 * Memory: each row has the peak RSS and the peak above the RSS before that step; the two sizes side by
 * side show whether memory grows with the file (it must not: frames are 1 MiB, buffers a few MiB).
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { openContext } from '../src/core/bootstrap';
import { loadConfig } from '../src/core/config';
import { createLogger } from '../src/core/logging';
import { AuthService } from '../src/core/auth/auth.service';
import { EvidenceService } from '../src/modules/evidence/evidence.service';
import { uploadQuery } from '../src/modules/evidence/evidence.schema';
import { createServer } from '../src/server';

const MIB = 1024 * 1024;
const arg = process.argv.indexOf('--mib');
const SIZES = (
  arg > 0
    ? [Number(process.argv[arg + 1])]
    : (process.env.EVIDENCE_BENCH_MIB?.split(',').map(Number) ?? [64, 1024])
).filter((n) => Number.isInteger(n) && n > 0);
if (SIZES.length === 0) throw new Error('EVIDENCE_BENCH_MIB / --mib: give whole numbers of MiB');

/** Samples RSS every 20 ms while `fn` runs; returns its result, the time and the peak above the baseline. */
async function measure<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; seconds: number; cpuSeconds: number; peakRssMiB: number; baseRssMiB: number }> {
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  try {
    const result = await fn();
    const cpu = process.cpuUsage(cpu0);
    return {
      result,
      seconds: (performance.now() - t0) / 1000,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      peakRssMiB: peak / MIB,
      baseRssMiB: base / MIB,
    };
  } finally {
    clearInterval(timer);
  }
}

async function makeFile(file: string, mib: number): Promise<void> {
  // Random bytes (incompressible), written a chunk at a time: the generator itself stays small.
  const chunk = randomBytes(MIB);
  const out = fs.createWriteStream(file);
  for (let i = 0; i < mib; i++) {
    chunk.writeUInt32LE(i, 0);
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
}

async function httpUpload(port: number, cookie: string, csrf: string, file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/v1/evidence?tier=internal&kind=video&title=Bench',
        headers: {
          cookie,
          'x-csrf-token': csrf,
          'content-type': 'application/octet-stream',
          'content-length': fs.statSync(file).size,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    fs.createReadStream(file).pipe(req);
  });
}

/** The ceiling on this machine: Node's own AES-256-GCM and SHA-256 over 256 MiB in memory, no I/O. */
function rawCeiling(): { aes256GcmMBps: number; sha256MBps: number } {
  const buf = randomBytes(MIB);
  const key = randomBytes(32);
  let t = performance.now();
  for (let i = 0; i < 256; i++) {
    const c = createCipheriv('aes-256-gcm', key, randomBytes(12));
    c.update(buf);
    c.final();
  }
  const aes = (256 * MIB) / 1e6 / ((performance.now() - t) / 1000);
  t = performance.now();
  const h = createHash('sha256');
  for (let i = 0; i < 256; i++) h.update(buf);
  h.digest();
  const sha = (256 * MIB) / 1e6 / ((performance.now() - t) / 1000);
  return { aes256GcmMBps: Math.round(aes), sha256MBps: Math.round(sha) };
}

async function main(): Promise<void> {
  const ceiling = rawCeiling();
  process.stdout.write(`raw ceiling ${JSON.stringify(ceiling)}\n`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'supolka-bench-evidence-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SUPOLKA_DATA_DIR: dataDir,
    SUPOLKA_LOG_LEVEL: 'silent',
    SUPOLKA_PASSWORD_HASH_COST: 'test',
  };
  delete env.DATABASE_URL;
  const opened = await openContext(loadConfig(env), createLogger('silent'));
  const { ctx } = opened;
  const results: Record<string, unknown>[] = [];
  const { app } = await createServer(opened, { demo: false });
  try {
    const user = await new AuthService(ctx).createUser(null, {
      username: 'bench-editor',
      displayName: 'Bench',
      role: 'editor',
      password: 'bench password long enough',
    });
    const actor = { id: user.id, role: user.role, username: user.username };
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as { port: number }).port;
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench-editor', password: 'bench password long enough' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const service = new EvidenceService(ctx);
    // Warm-up (JIT, first database writes, folders) so the first measured size is not charged for it.
    await service.upload(
      actor,
      uploadQuery.parse({ tier: 'internal', kind: 'video', title: 'Warm-up' }),
      [randomBytes(4 * MIB)],
      'video/mp4',
    );

    for (const mib of SIZES) {
      const file = path.join(dataDir, `input-${mib}.bin`);
      await makeFile(file, mib);
      const bytes = mib * MIB;
      const svc = await measure(() =>
        service.upload(
          actor,
          uploadQuery.parse({ tier: 'internal', kind: 'video', title: 'Bench' }),
          fs.createReadStream(file, { highWaterMark: MIB }),
          'video/mp4',
        ),
      );
      // A second, different file for the HTTP run so it is not deduplicated against the first.
      const file2 = path.join(dataDir, `input-${mib}-b.bin`);
      await makeFile(file2, mib);
      fs.rmSync(file);
      const viaHttp = await measure(() => httpUpload(port, cookie, csrfToken, file2));
      if (viaHttp.result !== 201) throw new Error(`HTTP upload failed: ${viaHttp.result}`);
      fs.rmSync(file2);
      const down = await measure(async () => {
        const { stream } = await service.download(actor, svc.result.id);
        await pipeline(stream, new Writable({ write: (_c, _e, cb) => cb() }));
      });
      const row = {
        sizeMiB: mib,
        serviceIngestMBps: Math.round(bytes / 1e6 / svc.seconds),
        serviceIngestSeconds: Math.round(svc.seconds * 100) / 100,
        serviceIngestCpuSeconds: Math.round(svc.cpuSeconds * 100) / 100,
        serviceIngestPeakRssMiB: Math.round(svc.peakRssMiB),
        serviceIngestPeakAboveBaselineMiB: Math.round(svc.peakRssMiB - svc.baseRssMiB),
        httpUploadMBps: Math.round(bytes / 1e6 / viaHttp.seconds),
        httpUploadPeakRssMiB: Math.round(viaHttp.peakRssMiB),
        httpUploadPeakAboveBaselineMiB: Math.round(viaHttp.peakRssMiB - viaHttp.baseRssMiB),
        verifiedDownloadMBps: Math.round(bytes / 1e6 / down.seconds),
        verifiedDownloadPeakRssMiB: Math.round(down.peakRssMiB),
        verifiedDownloadPeakAboveBaselineMiB: Math.round(down.peakRssMiB - down.baseRssMiB),
        baselineRssMiB: Math.round(svc.baseRssMiB),
      };
      results.push(row);
      process.stdout.write(`${JSON.stringify(row)}\n`);
    }
  } finally {
    await app.close();
    await opened.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const out = {
    benchmark: 'evidence',
    date: new Date().toISOString(),
    machine: `${os.cpus().length} cores, Node ${process.version}`,
    note: 'Random (incompressible) input; ingest = SHA-256 + AES-256-GCM in 1 MiB frames + write (background fdatasync every 64 MiB, fsync at the end) + DB row + custody audit entry. Peak RSS is the whole process (includes the server, ~baseline); "above baseline" is the growth during that step. Measured on a shared machine: wall-clock timings are noisy, CPU seconds less so.',
    targetMBps: 50,
    loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10),
    rawCeilingInProcess: ceiling,
    results,
    // Ingest peak above baseline at the largest size minus at the smallest: about 0 when memory is flat.
    ingestMemoryGrowthLargestVsSmallestMiB:
      results.length > 1
        ? Number(results[results.length - 1]!.serviceIngestPeakAboveBaselineMiB) -
          Number(results[0]!.serviceIngestPeakAboveBaselineMiB)
        : null,
  };
  const dir = path.join(path.dirname(new URL(import.meta.url).pathname), 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'evidence.json'), `${JSON.stringify(out, null, 2)}\n`);
}

await main();
