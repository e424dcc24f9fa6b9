import fs from 'node:fs';

/**
 * Reading processes from /proc (Linux): the load benchmarks and the worker tests measure a server that
 * may be a main process with cluster workers. Each reader returns 0 / nothing for a process that is gone.
 */

/** Pids of a process's direct children. */
export function childPids(pid: number): number[] {
  const dir = `/proc/${pid}/task`;
  try {
    return fs
      .readdirSync(dir)
      .flatMap((t) => fs.readFileSync(`${dir}/${t}/children`, 'utf8').trim().split(' '))
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** A process and all its descendants. */
export function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) out.push(...childPids(out[i]!));
  return out;
}

/** CPU clock ticks (user + system, 10 ms each) a process has used so far. */
export function cpuTicks(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** Resident memory of a process in kB. */
export function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export const alive = (pid: number): boolean => fs.existsSync(`/proc/${pid}`);

/** The command line a process was started with, arguments joined by spaces ('' when it is gone). */
export function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}
