import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL cluster of the test's own (initdb + pg_ctl as the postgres OS user, on a free
 * loopback port, in a temporary folder), so a test may stop and start it without touching the shared
 * server on 5432 that other tests use at the same time.
 */
export interface PrivateCluster {
  port: number;
  url(database: string): string;
  stop(mode?: 'fast' | 'immediate'): void;
  start(): void;
  destroy(): void;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0)
    throw new Error(`no PostgreSQL server binaries under ${root} (install the postgresql package)`);
  return path.join(root, versions[0]!, 'bin');
}

export async function startPrivateCluster(port: number): Promise<PrivateCluster> {
  if (process.getuid?.() !== 0)
    throw new Error('a private PostgreSQL cluster needs root (to run as postgres)');
  const bin = binDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'supolka-pg-'));
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'server.log');
  execFileSync('chown', ['postgres:postgres', dir]);
  fs.chmodSync(dir, 0o700);
  const asPostgres = (cmd: string, args: string[]): void => {
    try {
      execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 60_000,
      });
    } catch (e) {
      const logText = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').slice(-2000) : '';
      throw new Error(`${cmd} failed: ${(e as Error).message}\n${logText}`);
    }
  };
  asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=40 -c shared_buffers=16MB`;
  const cluster: PrivateCluster = {
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start: () => asPostgres('pg_ctl', ['-D', data, '-o', options, '-l', log, '-w', '-t', '60', 'start']),
    stop: (mode = 'fast') => asPostgres('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']),
    destroy: () => {
      try {
        if (fs.existsSync(path.join(data, 'postmaster.pid'))) cluster.stop('immediate');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  try {
    cluster.start();
    const client = new pg.Client({ connectionString: cluster.url('postgres') });
    await client.connect();
    await client.query('create database supolka');
    await client.end();
  } catch (e) {
    cluster.destroy();
    throw e;
  }
  return cluster;
}
