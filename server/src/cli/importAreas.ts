import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { prepareDatabase } from '../db/prepare.js';
import { AREA_LEVELS, type AreaLevel } from '../domain/area.js';
import { todayIn } from '../domain/dates.js';
import { BOUNDARY_BOUNDS, pastBoundaryBound } from '../imports/areas/boundaryBounds.js';
import type { AreaImportCountsOutput, AreaImportOptionsInput, AreaImportStateOutput } from '../domain/areaImport.js';
import { areaImportRowsPage } from '../queries/areaImports.js';
import { areaImportState, startAreaCommit, startAreaPreview, uploadBoundaryFile, type AreaImportContext } from '../services/areaImports.js';
import { confirm, fail, failOnRefusal } from './terminal.js';

const USAGE = `Import district, street or community boundaries — the same importer as 导入边界 in the app.
Stop the server first when it runs on the embedded database.

  npm run import:areas -- <file.zip|file.geojson|file.kml|file.kmz> [options]

  --layer <name>     the layer of a zip with several Shapefiles (default: the first)
  --level <level>    district, street or community (default: guessed from the names)
  --name <column>    the column of names (default: guessed, such as 街道名称 or XZQMC)
  --code <column>    the column of codes; "-" for none (default: guessed, such as XZQDM)
  --parent <column>  the column naming the parent (name or code); "-" for none: found by location
  --name-en <column> a column of English names
  --crs <code>       the coordinate system, when the file does not say it or says it wrongly:
                     EPSG:4490, EPSG:4547 (CGCS2000 3° Gauss-Krüger 114°E) …, or gcj02
  --yes              write without asking (otherwise: preview, then ask)`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    layer: { type: 'string' },
    level: { type: 'string' },
    name: { type: 'string' },
    code: { type: 'string' },
    parent: { type: 'string' },
    'name-en': { type: 'string' },
    crs: { type: 'string' },
    yes: { type: 'boolean', short: 'y', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const noneOr = (value: string | undefined, fallback: string | null) => (value === '-' ? null : (value ?? fallback));

function optionsOf(state: AreaImportStateOutput): AreaImportOptionsInput {
  const layer = values.layer ? state.layers.find((l) => l.name === values.layer) : state.layers[0];
  if (!layer) fail(`there is no layer "${values.layer}" (layers: ${state.layers.map((l) => l.name).join(', ')})`);
  const level = (values.level ?? layer.suggested.level) as AreaLevel | null;
  if (!level || !AREA_LEVELS.includes(level)) fail(`say the level with --level ${AREA_LEVELS.join('|')}`);
  const name = values.name ?? layer.suggested.name_column;
  if (!name) fail(`say the column of names with --name (columns: ${layer.columns.map((c) => c.name).join(', ')})`);
  return {
    layer: layer.name,
    level,
    name_column: name,
    code_column: noneOr(values.code, layer.suggested.code_column),
    parent_column: noneOr(values.parent, layer.suggested.parent_column),
    name_en_column: values['name-en'] ?? null,
    crs: values.crs ?? null,
  };
}

function printCounts(counts: AreaImportCountsOutput) {
  console.log(`  新建 create ${counts.create}  更新 update ${counts.update}  无法导入 rejected ${counts.rejected}  有提示 warned ${counts.warned}`);
}

async function main(): Promise<void> {
  const [file] = positionals;
  if (values.help || !file) {
    console.log(USAGE);
    return;
  }
  if ((await stat(file).catch(() => fail(`cannot read ${file}`))).size > BOUNDARY_BOUNDS.bytes) fail(pastBoundaryBound('bytes').message_zh);
  const bytes = await readFile(file);
  const config = loadConfig();
  const silent = { info: () => undefined, warn: (m: string) => console.warn(m) };
  const db = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: 2, embeddedDbDir: config.embeddedDbDir });
  try {
    await prepareDatabase(db, { demoData: config.demoData, today: todayIn(config.timeZone), timeZone: config.timeZone, log: silent, demoPassword: config.demoPassword });
    const ctx: AreaImportContext = { pool: db.pool, actor: `cli:${os.userInfo().username}` };
    const started = Date.now();
    const uploaded = await uploadBoundaryFile(ctx, path.basename(file), bytes);
    const options = optionsOf(uploaded);
    const layer = uploaded.layers.find((l) => l.name === options.layer)!;
    console.log(`图层 layer “${layer.name}”:${layer.feature_count} 个要素,坐标系 ${options.crs ?? layer.crs?.label ?? '未知 unknown'},编码 ${layer.encoding?.encoding ?? '-'}`);
    console.log(`  层级 level ${options.level};名称 name ${options.name_column};代码 code ${options.code_column ?? '-'};上级 parent ${options.parent_column ?? '按位置 by location'}`);
    const counts = await (await startAreaPreview(ctx, uploaded.id, options)).job;
    console.log(`预览 preview (${((Date.now() - started) / 1000).toFixed(1)} s):`);
    await printNotes(db.pool, uploaded.id);
    for (const gap of (await areaImportState(db.pool, uploaded.id)).gaps) {
      if (gap.gap_m2 >= 1000) console.log(`  ${gap.parent_name} 有 ${Math.round(gap.gap_m2).toLocaleString('en-US')} 平方米(${(gap.share * 100).toFixed(2)}%)不在任何下级区域内,共 ${gap.pieces} 处`);
    }
    printCounts(counts);
    if (counts.create + counts.update === 0) {
      console.log('没有需要写入的区域 nothing to write');
      return;
    }
    if (!(await confirm(`写入 ${counts.create + counts.update} 个区域?write? [y/N] `, values.yes))) {
      console.log('未写入 nothing written (run with --yes to write)');
      return;
    }
    const written = await (await startAreaCommit(ctx, uploaded.id)).job;
    console.log(`已写入 written (${((Date.now() - started) / 1000).toFixed(1)} s from reading the file):`);
    printCounts(written);
  } catch (err) {
    failOnRefusal(err);
  } finally {
    await db.close();
  }
}

/** The first rows with something to say: why they are rejected, what was repaired or guessed. */
async function printNotes(pool: pg.Pool, id: number) {
  const shown = 30;
  let printed = 0;
  for (let offset = 0; printed < shown; offset += 500) {
    const page = await areaImportRowsPage(pool, id, { offset, limit: 500 });
    for (const row of page.rows) {
      const notes = [...row.problems, ...row.warnings].map((n) => n.message_zh).join(';');
      if (!notes || printed++ >= shown) continue;
      console.log(`  第 ${row.row_number} 个 ${row.name ?? ''} ${row.outcome}: ${notes}`);
    }
    if (offset + 500 >= page.total) break;
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
