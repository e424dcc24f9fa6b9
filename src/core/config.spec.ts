import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, perWorkerLimit } from './config';

const KEY = Buffer.alloc(32, 7).toString('base64');

/** Runs loadConfig and returns the ConfigError it must throw. */
function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('uses the documented defaults when nothing is set', () => {
    const c = loadConfig({});
    const dataDir = path.resolve('./data');
    expect(c).toEqual({
      host: '127.0.0.1',
      port: 8080,
      dataDir,
      database: { engine: 'sqlite', file: path.join(dataDir, 'supolka.sqlite') },
      masterKey: { source: 'file', file: path.join(dataDir, 'master.key') },
      logLevel: 'info',
      cookieSecure: false,
      sessionHours: 12,
      loginMaxFailures: 5,
      lockoutMinutes: 15,
      bodyLimitBytes: 1_048_576,
      evidenceMaxBytes: 20 * 1024 ** 3,
      rateLimitPerMinute: 600,
      passwordHashCost: 'interactive',
      workers: 1,
    });
  });

  it('reads every variable it documents', () => {
    const c = loadConfig({
      SUPOLKA_HOST: '0.0.0.0',
      SUPOLKA_PORT: '0',
      SUPOLKA_DATA_DIR: '/srv/supolka',
      DATABASE_URL: 'postgres://u@db:5432/supolka',
      SUPOLKA_MASTER_KEY: KEY,
      SUPOLKA_LOG_LEVEL: 'silent',
      SUPOLKA_COOKIE_SECURE: 'true',
      SUPOLKA_SESSION_HOURS: '24',
      SUPOLKA_LOGIN_MAX_FAILURES: '3',
      SUPOLKA_LOCKOUT_MINUTES: '60',
      SUPOLKA_BODY_LIMIT_BYTES: '4096',
      SUPOLKA_RATE_LIMIT_PER_MINUTE: '10',
      SUPOLKA_PASSWORD_HASH_COST: 'test',
      SUPOLKA_WORKERS: '2',
    });
    expect(c).toMatchObject({
      host: '0.0.0.0',
      port: 0,
      dataDir: '/srv/supolka',
      database: { engine: 'postgres', url: 'postgres://u@db:5432/supolka' },
      masterKey: { source: 'env', value: KEY },
      logLevel: 'silent',
      cookieSecure: true,
      sessionHours: 24,
      loginMaxFailures: 3,
      lockoutMinutes: 60,
      bodyLimitBytes: 4096,
      rateLimitPerMinute: 10,
      passwordHashCost: 'test',
      workers: 2,
    });
  });

  it('resolves SQLite paths and the key file against the working directory and data folder', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite:./x/db.sqlite' }).database).toEqual({
      engine: 'sqlite',
      file: path.resolve('./x/db.sqlite'),
    });
    expect(loadConfig({ DATABASE_URL: 'sqlite:///tmp/a.sqlite' }).database).toEqual({
      engine: 'sqlite',
      file: '/tmp/a.sqlite',
    });
    expect(loadConfig({ DATABASE_URL: 'postgresql://h/db' }).database.engine).toBe('postgres');
    expect(loadConfig({ SUPOLKA_DATA_DIR: '/d' }).masterKey).toEqual({
      source: 'file',
      file: '/d/master.key',
    });
    expect(loadConfig({ SUPOLKA_MASTER_KEY_FILE: 'k/m.key' }).masterKey).toEqual({
      source: 'file',
      file: path.resolve('k/m.key'),
    });
  });

  it.each([
    ['SUPOLKA_PORT', '70000'],
    ['SUPOLKA_PORT', '-1'],
    ['SUPOLKA_PORT', 'http'],
    // An empty value must not become port 0 (a random port) by coercion.
    ['SUPOLKA_PORT', ''],
    ['DATABASE_URL', 'mysql://root@localhost/supolka'],
    ['DATABASE_URL', 'sqlite:'],
    ['SUPOLKA_LOG_LEVEL', 'verbose'],
    ['SUPOLKA_COOKIE_SECURE', 'yes'],
    ['SUPOLKA_SESSION_HOURS', '0'],
    ['SUPOLKA_LOGIN_MAX_FAILURES', 'many'],
    ['SUPOLKA_BODY_LIMIT_BYTES', '10'],
    ['SUPOLKA_PASSWORD_HASH_COST', 'low'],
    ['SUPOLKA_WORKERS', '0'],
    ['SUPOLKA_WORKERS', '33'],
    ['SUPOLKA_WORKERS', ''],
    ['SUPOLKA_WORKERS', 'auto'],
  ])('rejects %s=%j and names the variable', (name, value) => {
    const err = configError({ [name]: value });
    expect(err.message).toContain(name);
  });

  it('splits request limits between workers so that a client never gets more than configured', () => {
    expect(perWorkerLimit({ workers: 1 }, 600)).toBe(600);
    expect(perWorkerLimit({ workers: 2 }, 20)).toBe(10);
    expect(perWorkerLimit({ workers: 3 }, 20)).toBe(6);
    // Never zero: a limit below the worker count still lets one request a minute through each.
    expect(perWorkerLimit({ workers: 4 }, 3)).toBe(1);
  });

  it.each([
    ['not base64 at all', 'this is not a key!'],
    ['too short', Buffer.alloc(16, 1).toString('base64')],
    ['too long', Buffer.alloc(48, 1).toString('base64')],
    ['base64url alphabet', `${'-_'.repeat(21)}A=`],
  ])('rejects a master key that is %s, without echoing it', (_label, value) => {
    const err = configError({ SUPOLKA_MASTER_KEY: value });
    expect(err.message).toContain('SUPOLKA_MASTER_KEY');
    expect(err.message).not.toContain(value);
  });

  it('rejects both master-key variables at once, naming both and neither value', () => {
    const err = configError({ SUPOLKA_MASTER_KEY: KEY, SUPOLKA_MASTER_KEY_FILE: '/k' });
    expect(err.message).toContain('SUPOLKA_MASTER_KEY');
    expect(err.message).toContain('SUPOLKA_MASTER_KEY_FILE');
    expect(err.message).not.toContain(KEY);
  });

  it('reports every bad variable at once', () => {
    const err = configError({ SUPOLKA_PORT: '70000', DATABASE_URL: 'mysql://x' });
    expect(err.message).toContain('SUPOLKA_PORT');
    expect(err.message).toContain('DATABASE_URL');
  });
});
