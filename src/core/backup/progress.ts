import cliProgress from 'cli-progress';

/** Progress bars on stderr, only when stderr is a terminal: logs and pipes stay clean. */
export class Progress {
  private bar: cliProgress.SingleBar | undefined;
  private readonly enabled: boolean;

  constructor(stream: NodeJS.WriteStream = process.stderr) {
    this.enabled = stream.isTTY === true;
  }

  get active(): boolean {
    return this.enabled;
  }

  start(label: string, total: number, unit: 'rows' | 'bytes'): void {
    if (!this.enabled) return;
    this.stop();
    this.bar = new cliProgress.SingleBar(
      {
        format: `${label.padEnd(28).slice(0, 28)} [{bar}] {value}/{total} ${unit}`,
        stream: process.stderr,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(total, 0);
  }

  increment(n: number): void {
    this.bar?.increment(n);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
