import { openContext } from '../src/core/bootstrap';
import { loadConfig } from '../src/core/config';
import { createLogger } from '../src/core/logging';
import { createTestEnv, openTestContext } from '../test/support/context';
import { generateRegistry } from './registry-data';
import { StatCellsRepository } from '../src/modules/registry/stat-cells.repository';
void openContext; void loadConfig; void createLogger;
const env = await createTestEnv('postgres');
const opened = await openTestContext(env);
try {
  const r = await generateRegistry(opened.ctx, 1500);
  const cells = await opened.ctx.db.selectFrom('registry_stat_cells').selectAll().orderBy('dimension').orderBy('key').execute();
  const rebuilt = await opened.ctx.db.transaction().execute(async (trx) => { await new StatCellsRepository().rebuild(trx); return trx.selectFrom('registry_stat_cells').selectAll().orderBy('dimension').orderBy('key').execute(); });
  console.log('queries', r.queries.length, 'cells', cells.length, 'equal to rebuild', JSON.stringify(cells) === JSON.stringify(rebuilt), r.timings);
} finally { await opened.close(); await env.destroy(); }
