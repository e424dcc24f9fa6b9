import fs from 'node:fs';
import path from 'node:path';

/**
 * Encrypted attachment storage under <data dir>/files/intake. Only ciphertext is ever written here; file
 * names are random ids. Modification times are set to midnight UTC of the day, so the file system does not
 * keep the precise time a source uploaded something.
 */
export class IntakeFileStore {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'files', 'intake');
  }

  private pathOf(name: string): string {
    if (!/^[a-f0-9-]{36}$/.test(name)) throw new Error('bad stored file name');
    return path.join(this.dir, name);
  }

  write(name: string, ciphertext: Uint8Array, day: string): void {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const file = this.pathOf(name);
    fs.writeFileSync(file, ciphertext, { mode: 0o600, flag: 'wx' });
    const midnight = new Date(`${day}T00:00:00.000Z`);
    fs.utimesSync(file, midnight, midnight);
    // Adding a file also stamps the folder; put it back to the day too. (The inode change time, ctime,
    // cannot be set from user space: see the threat model in docs/secure-channel.md.)
    fs.utimesSync(this.dir, midnight, midnight);
  }

  read(name: string): Buffer {
    return fs.readFileSync(this.pathOf(name));
  }

  remove(name: string): void {
    fs.rmSync(this.pathOf(name), { force: true });
    const midnight = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`);
    if (fs.existsSync(this.dir)) fs.utimesSync(this.dir, midnight, midnight);
  }
}
