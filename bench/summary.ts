/**
 * Renders bench/results/SUMMARY.md from the JSON results. The top table gives, for every benchmark, its
 * key figures against their targets with pass / fail; each benchmark then gets a section with its figures
 * flattened (long arrays summarised) and its raw JSON folded away.
 *
 * Where the key figures come from, first match wins:
 *   1. `keyFigures` in the result: [{ figure, value, unit?, target?, pass?, engine? }] — the convention any
 *      benchmark can follow to control its own line in the table (load and soak do);
 *   2. an adapter below for a result shape known when this was written (it reads defensively: a field
 *      that is gone is reported as missing, never guessed);
 *   3. generic: every `pass` / `met` boolean in the result, and the numbers under `targets` / `limits`.
 */
export interface KeyFigure {
  figure: string;
  engine?: string;
  value: number | string | boolean | null;
  unit?: string;
  /** e.g. "≥ 1000", "≤ 100 ms", "0"; absent when the benchmark records no target for this figure. */
  target?: string;
  pass?: boolean | null;
}

export interface RunInfo {
  startedAt: string;
  finishedAt: string;
  machine: { cores: number; cpu: string; memoryGiB: number; node: string; platform: string };
  loadAverage: { before: number[]; after: number[] };
  calibration: { beforeMs: number; afterMs: number };
  ran: Array<{ file: string; exitCode: number | null; seconds: number }>;
  /** Results dated before this were not rewritten by this run and are marked as older; unset: no marks. */
  freshSince?: string;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Reads a dotted path (`a.b[0].c`); undefined when any step is missing. */
export function at(value: unknown, pathText: string): unknown {
  let cur: unknown = value;
  for (const step of pathText.split(/\.|(?=\[)/).filter(Boolean)) {
    const index = /^\[(\d+)\]$/.exec(step);
    if (index) cur = Array.isArray(cur) ? cur[Number(index[1])] : undefined;
    else cur = isObj(cur) ? cur[step] : undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

function atMost(figure: string, value: unknown, limit: unknown, unit: string, engine?: string): KeyFigure {
  const v = num(value);
  const l = num(limit);
  return {
    figure,
    engine,
    value: v,
    unit,
    target: l === null ? undefined : `≤ ${l}${unit ? ` ${unit}` : ''}`,
    pass: v === null || l === null ? null : v <= l,
  };
}

function atLeast(figure: string, value: unknown, limit: unknown, unit: string, engine?: string): KeyFigure {
  const v = num(value);
  const l = num(limit);
  return {
    figure,
    engine,
    value: v,
    unit,
    target: l === null ? undefined : `≥ ${l}${unit ? ` ${unit}` : ''}`,
    pass: v === null || l === null ? null : v >= l,
  };
}

const engines = (data: Json): Json[] => (Array.isArray(data.engines) ? data.engines.filter(isObj) : []);

/** Adapters for the result shapes of the other benchmarks as they were when this file was written. */
const ADAPTERS: Record<string, (data: Json) => KeyFigure[]> = {
  evidence: (d) => {
    const results = Array.isArray(d.results) ? d.results.filter(isObj) : [];
    return results.flatMap((r) =>
      ['serviceIngestMBps', 'httpUploadMBps', 'verifiedDownloadMBps'].map((k) =>
        atLeast(`${k} (${String(r.sizeMiB)} MiB file)`, r[k], d.targetMBps, 'MB/s'),
      ),
    );
  },
  registry: (d) => {
    const engine = typeof d.engine === 'string' ? d.engine : undefined;
    const search = Array.isArray(d.search) ? d.search.filter(isObj) : [];
    // The target is for a name search narrowed by filters; every other kind is listed without a target.
    const filtered = (label: string): boolean => /^name search \+/.test(label);
    return [
      ...search.map((row) =>
        filtered(String(row.label))
          ? atMost(
              `${String(row.label)} p95 (${String(d.persons)} persons)`,
              row.p95Ms,
              at(d, 'targets.filteredNameSearchP95Ms'),
              'ms',
              engine,
            )
          : { figure: `${String(row.label)} p95`, engine, value: num(row.p95Ms), unit: 'ms' },
      ),
      atMost(
        'statistics, cold median',
        at(d, 'statistics.coldMedianMs'),
        at(d, 'targets.statisticsMs'),
        'ms',
        engine,
      ),
    ];
  },
  'sanctions-parse': (d) => [
    atMost(`parse ${String(d.file)}, median`, d.medianMs, at(d, 'limits.ms'), 'ms'),
    atMost('peak RSS', d.peakRssMb, at(d, 'limits.rssMb'), 'MB'),
  ],
  sanctions: (d) =>
    engines(d).flatMap((e) => {
      const engine = String(e.engine);
      return [
        atMost(
          'EU list import, median',
          at(e, 'euImport.medianMs'),
          at(d, 'limits.euImportMs'),
          'ms',
          engine,
        ),
        atMost(
          'four lists imported, resolved and aligned, median',
          at(e, 'allImportedAndAligned.medianMs'),
          at(d, 'limits.allAlignedMs'),
          'ms',
          engine,
        ),
        atMost('peak RSS', at(e, 'allImportedAndAligned.peakRssMb'), at(d, 'limits.rssMb'), 'MB', engine),
      ];
    }),
  names: (d) => {
    // The targets are issue 4's; names.json records the figures only.
    const cat = (c: string, k: 'precision' | 'recall'): KeyFigure =>
      atLeast(`${c} ${k}`, at(d, `quality.byCategory.${c}.${k}`), 0.98, '');
    const s = 'speed.screening';
    return [
      cat('be-ru-persons-translit', 'precision'),
      cat('be-ru-persons-translit', 'recall'),
      cat('be-ru-persons-cross-script', 'precision'),
      cat('be-ru-persons-cross-script', 'recall'),
      atLeast(`overall F1 (threshold ${String(d.threshold)})`, at(d, 'quality.overall.f1'), 0.85, ''),
      atMost('negatives scored ≥ 0.95', at(d, 'quality.overall.negativesAtOrAbove095'), 0.05, ''),
      atLeast(
        'pair comparisons, warm, one core (CPU)',
        at(d, 'speed.pairComparisons.warm.cpuMedian'),
        50000,
        '/s',
      ),
      {
        figure: 'pair comparisons, cold (CPU)',
        value: num(at(d, 'speed.pairComparisons.cold.cpuMedian')),
        unit: '/s',
      },
      atLeast(
        `screening ${String(at(d, `${s}.indexNames`))} names, queries per CPU-second`,
        at(d, `${s}.queriesPerCpuSecond`),
        100,
        'q/s',
      ),
      atLeast('screening, queries per second (wall)', at(d, `${s}.queriesPerSecond`), 100, 'q/s'),
      atMost('screening p95 (wall)', at(d, `${s}.latencyMs.p95`), 20, 'ms'),
      atLeast('screening top-50 candidate recall', at(d, `${s}.recallTop50`), 0.995, ''),
      { figure: 'index build (wall)', value: num(at(d, `${s}.buildSeconds`)), unit: 's' },
      { figure: 'index peak RSS', value: num(at(d, `${s}.peakRssMB`)), unit: 'MB' },
    ];
  },
};

/** Generic fallback: every pass/met boolean and every number under targets/limits, by path. */
function genericFigures(data: unknown): KeyFigure[] {
  const out: KeyFigure[] = [];
  const walk = (v: unknown, p: string, inTargets: boolean): void => {
    if (Array.isArray(v)) v.slice(0, 8).forEach((x, i) => walk(x, `${p}[${i}]`, inTargets));
    else if (isObj(v)) {
      for (const [k, x] of Object.entries(v)) {
        const next = p ? `${p}.${k}` : k;
        if (typeof x === 'boolean' && (/^pass/i.test(k) || /(^|\.)(pass|met)$/.test(p)))
          out.push({ figure: next, value: x, pass: x });
        else walk(x, next, inTargets || /^(targets?|limits?)$/i.test(k));
      }
    } else if (inTargets && typeof v === 'number')
      out.push({ figure: p, value: v, target: '(recorded target)' });
  };
  walk(data, '', false);
  return out;
}

export function keyFiguresOf(name: string, data: unknown): { figures: KeyFigure[]; source: string } {
  if (isObj(data) && Array.isArray(data.keyFigures))
    return { figures: data.keyFigures.filter(isObj) as unknown as KeyFigure[], source: 'keyFigures' };
  const adapter = ADAPTERS[name];
  if (adapter && isObj(data)) {
    const figures = adapter(data);
    if (figures.length > 0 && figures.some((f) => f.value !== null)) return { figures, source: 'adapter' };
  }
  return { figures: genericFigures(data), source: 'generic' };
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const verdict = (p: boolean | null | undefined, hasTarget: boolean): string =>
  p === true ? 'PASS' : p === false ? '**FAIL**' : hasTarget ? 'n/a (figure missing)' : '—';
const show = (f: KeyFigure): string =>
  f.value === null || f.value === undefined ? '(missing)' : `${String(f.value)}${f.unit ? ` ${f.unit}` : ''}`;

/** Leaf figures of a result as `path | value` rows; long arrays are summarised, not listed. */
function flatten(value: unknown, prefix = '', out: Array<[string, string]> = []): Array<[string, string]> {
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) {
      out.push([prefix, value.length > 12 ? `(${value.length} values)` : value.join(', ')]);
    } else if (value.length <= 8) value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
    else out.push([prefix, `(${value.length} items)`]);
  } else if (isObj(value)) {
    for (const [k, v] of Object.entries(value))
      if (k !== 'keyFigures') flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.push([prefix, String(value)]);
  return out;
}

export function renderSummary(run: RunInfo, results: Array<{ file: string; text: string }>): string {
  const m = run.machine;
  const lines = [
    '# Benchmark summary',
    '',
    `- date: ${run.startedAt} (finished ${run.finishedAt})`,
    `- machine: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}`,
    `- load average (1/5/15 min) before: ${run.loadAverage.before.join(' / ')}, after: ${run.loadAverage.after.join(' / ')}` +
      ' — a load above the core count means other processes shared the CPUs; read timings against the baselines',
    `- CPU calibration (SHA-256 of 64 MiB, median of 5): ${run.calibration.beforeMs} ms before, ${run.calibration.afterMs} ms after`,
    '- engines: named per figure (SQLite unless stated); each timing is the median of several runs of that benchmark',
    '- a result file not rewritten in this run keeps its older date (see each section)',
    '',
    '## Key figures against targets',
    '',
    '| benchmark | engine | figure | measured | target | result |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  const sections: string[] = [];
  let failures = 0;
  for (const { file, text } of results) {
    const name = file.replace(/\.json$/, '');
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      lines.push(`| ${name} | | (unreadable JSON) | | | **FAIL** |`);
      failures++;
      continue;
    }
    const { figures, source } = keyFiguresOf(name, data);
    const stamp = isObj(data) ? (data.date ?? data.generatedAt) : undefined;
    const date = typeof stamp === 'string' ? stamp : 'not recorded';
    // A result this run did not rewrite (its benchmark was not selected, or failed) is marked as older.
    const label = run.freshSince && date < run.freshSince ? `${name} (older: ${date.slice(0, 16)})` : name;
    if (figures.length === 0) lines.push(`| ${label} | | (no target recorded in its JSON) | | | — |`);
    for (const f of figures) {
      if (f.pass === false) failures++;
      lines.push(
        `| ${label} | ${f.engine ?? ''} | ${cell(f.figure)} | ${cell(show(f))} | ${cell(f.target ?? '')} | ${verdict(f.pass, f.target !== undefined)} |`,
      );
    }
    sections.push(
      `## ${name}`,
      '',
      `Result of ${date}; key figures from ${source === 'keyFigures' ? 'its own keyFigures' : source === 'adapter' ? 'the summary adapter for its shape' : 'its pass flags and targets (generic)'}.`,
      '',
      '| figure | value |',
      '| --- | --- |',
      ...flatten(data).map(([k, v]) => `| ${cell(k)} | ${cell(v)} |`),
      '',
      '<details><summary>raw JSON</summary>',
      '',
      '```json',
      text,
      '```',
      '',
      '</details>',
      '',
    );
  }
  lines.push(
    '',
    `${failures} figure(s) below target. PASS / FAIL compares the median with the target on this machine at this load.`,
    '',
    '## Benchmarks run',
    '',
    '| benchmark | exit | seconds |',
    '| --- | --- | --- |',
    ...run.ran.map((r) => `| ${r.file} | ${r.exitCode} | ${r.seconds} |`),
    '',
    ...sections,
  );
  return `${lines.join('\n')}\n`;
}
