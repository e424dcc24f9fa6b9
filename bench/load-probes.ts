/**
 * Sign-ins at the real Argon2id cost and a single reader's latency beside them (bench/load.bench.ts): whether
 * password hashing holds the server's event loop. Loopback only, bounded in time.
 */
import { percentile, round } from './load-lib';

export interface LoginFigures {
  clients: number;
  /** Successful sign-ins; the latencies are theirs only. */
  signIns: number;
  latencyMs: { p50: number; p95: number; max: number };
  /** Refused by the sign-in route's own limit (20 a minute per address, app's auth routes): not failures. */
  refusedByRateLimit: number;
  failures: number;
}

/**
 * Sign-ins at the real Argon2id cost from `clients` sequential loops until `stopAt` (ms since epoch).
 * Run beside a read load, it shows whether password hashing stalls everyone else's requests.
 */
export async function runLogins(opts: {
  url: string;
  username: string;
  password: string;
  clients: number;
  stopAt: number;
}): Promise<LoginFigures> {
  const times: number[] = [];
  let failures = 0;
  let refusedByRateLimit = 0;
  const loop = async (): Promise<void> => {
    while (Date.now() < opts.stopAt) {
      const s = performance.now();
      try {
        const res = await fetch(`${opts.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: opts.username, password: opts.password }),
        });
        await res.arrayBuffer();
        if (res.status === 200) times.push(performance.now() - s);
        else if (res.status === 429) {
          // A refusal costs no hashing: counting its few milliseconds as a sign-in hid the real cost.
          refusedByRateLimit++;
          await new Promise((r) => setTimeout(r, 250));
        } else failures++;
      } catch {
        failures++;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.clients }, loop));
  times.sort((a, b) => a - b);
  const at = (p: number): number => percentile(times, p);
  return {
    clients: opts.clients,
    signIns: times.length,
    latencyMs: { p50: at(0.5), p95: at(0.95), max: round(times.at(-1) ?? NaN, 1) },
    refusedByRateLimit,
    failures,
  };
}

/**
 * One client sending `path` back to back until `stopAt`: latency of a cheap request, which is what a
 * blocked event loop shows up in (every request waits for whatever holds the loop).
 */
export async function runProbe(opts: {
  url: string;
  path: string;
  headers: Record<string, string>;
  stopAt: number;
}): Promise<{ requests: number; latencyMs: { p50: number; p99: number; max: number }; failures: number }> {
  const times: number[] = [];
  let failures = 0;
  while (Date.now() < opts.stopAt) {
    const s = performance.now();
    try {
      const res = await fetch(`${opts.url}${opts.path}`, { headers: opts.headers });
      await res.arrayBuffer();
      if (res.status !== 200) failures++;
    } catch {
      failures++;
    }
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const q = (p: number): number => percentile(times, p);
  return {
    requests: times.length,
    latencyMs: { p50: q(0.5), p99: q(0.99), max: round(times.at(-1) ?? NaN, 1) },
    failures,
  };
}
