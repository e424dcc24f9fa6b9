import fs from 'node:fs';
import type { DB, Engine } from '../../src/core/db/database';
import { importSanctionsFile } from '../../src/modules/sanctions/sanctions.import';
import { CA_BELARUS, tempDir, writeList, type FictionalTarget } from '../sanctions/fictional-lists';

/**
 * FICTIONAL screening targets (invented names, no real person): imported through the sanctions import
 * service, so the route reads them back through loadScreeningTargets like real lists.
 */
export const SCREEN_LIST: FictionalTarget[] = [
  {
    id: 'scr-fict-1',
    schema: 'Person',
    name: 'Uladzimir Prydumanavich Nibyshevich',
    aliases: ['Владимир Придуманович Нибышевич'],
    birthDate: '1961-02-03',
    program: CA_BELARUS,
    listed: '2021-06-21',
  },
  {
    id: 'scr-fict-2',
    schema: 'Person',
    name: 'Sviatlana Vydumkouskaya',
    program: CA_BELARUS,
    listed: '2021-06-21',
  },
  {
    id: 'scr-fict-3',
    schema: 'LegalEntity',
    name: 'OJSC Imaginary Potash Kvazikali',
    program: CA_BELARUS,
    listed: '2022-03-01',
  },
];

export async function importScreenList(
  db: DB,
  engine: Engine,
  targets = SCREEN_LIST,
  date = '2026-03-01',
): Promise<void> {
  const dir = tempDir();
  try {
    await importSanctionsFile(
      db,
      engine,
      writeList(dir, `scr-fict-${date}.ftm.jsonl`, 'test_fictional_screen', targets),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
