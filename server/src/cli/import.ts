import { readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { prepareDatabase } from '../db/prepare.js';
import { todayIn } from '../domain/dates.js';
import { MAX_LEDGER_BYTES, ROW_OUTCOMES, type ImportOptionsInput, type OutcomeCountsOutput, type SheetOutlineOutput } from '../domain/ledgerImport.js';
import { LEDGER_FIELD_LABELS, LEDGER_FIELDS, type LedgerField } from '../domain/ledgerFields.js';
import { problemText, rejectedWorkbook } from '../imports/rejectedWorkbook.js';
import { importById, rejectedRows, valueReviewOf } from '../queries/ledgerImports.js';
import { fileTooLarge, REJECTED_SUFFIX, startCommit, startPreview, uploadLedger, type ImportContext } from '../services/ledgerImports.js';
import { confirm, fail, failOnRefusal } from './terminal.js';

const USAGE = `Import a project ledger (台账) — the same importer as 导入台账 in the app.
Stop the server first when it runs on the embedded database.

  npm run import -- <ledger.xlsx|ledger.csv> [options]

  --ledger <name>      the ledger's name (default: the file's name); re-importing a
                       ledger of the same name updates the projects it created
  --sheet <name>       the sheet to import (default: the first with a header row)
  --map <col>=<field>  map a column (letter, or header text) to a field, or to "-" to
                       ignore it; repeatable. Fields: ${LEDGER_FIELDS.join(', ')}
  --gcj02 / --wgs84    the coordinates are GCJ-02 (高德, 腾讯 maps) or WGS-84 (GPS)
  --yes                write without asking (otherwise: preview, then ask)
  --rejected <file>    where to write the rejected rows (default: next to the ledger)
  --as <name>          who the history records as the importer (default: cli:<login>)`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    ledger: { type: 'string' },
    sheet: { type: 'string' },
    map: { type: 'string', multiple: true, default: [] },
    gcj02: { type: 'boolean', default: false },
    wgs84: { type: 'boolean', default: false },
    yes: { type: 'boolean', short: 'y', default: false },
    rejected: { type: 'string' },
    as: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const OUTCOME_LABELS: Record<(typeof ROW_OUTCOMES)[number], string> = {
  create: '将新建 create',
  update: '将更新 update',
  unchanged: '无变化 unchanged',
  conflict: '冲突 conflict',
  rejected: '无法导入 rejected',
  unplaced: '待定位 unplaced',
};

/** A progress bar on stderr, redrawn in place on a terminal and every tenth otherwise. */
function progressBar(label: string) {
  let lastTenth = -1;
  return (done: number, total: number) => {
    const share = total === 0 ? 1 : done / total;
    const width = 30;
    const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '-');
    const line = `${label} [${bar}] ${Math.round(share * 100)}% ${done}/${total} 行`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}${done === total ? '\n' : ''}`);
    else if (Math.floor(share * 10) !== lastTenth) {
      lastTenth = Math.floor(share * 10);
      process.stderr.write(`${line}\n`);
    }
  };
}

/** The mapping to confirm: the guessed (or remembered) one, with --map applied. */
function mappingOf(sheet: SheetOutlineOutput, overrides: string[]): (LedgerField | null)[] {
  const mapping = sheet.columns.map((c) => c.field);
  for (const spec of overrides) {
    const [column, field] = spec.split('=').map((s) => s.trim());
    const target = sheet.columns.find((c) => c.letter === column?.toUpperCase() || c.header === column);
    if (!target) fail(`--map ${spec}: there is no column "${column}" (columns: ${sheet.columns.map((c) => `${c.letter} ${c.header}`).join(', ')})`);
    if (field !== '-' && !LEDGER_FIELDS.includes(field as LedgerField)) fail(`--map ${spec}: "${field}" is not a field; use one of ${LEDGER_FIELDS.join(', ')} or -`);
    mapping[target.index] = field === '-' ? null : (field as LedgerField);
  }
  return mapping;
}

function printMapping(sheet: SheetOutlineOutput, mapping: (LedgerField | null)[]) {
  console.log(`工作表 sheet “${sheet.name}”,表头在第 ${sheet.header_row! + 1} 行,${sheet.data_rows} 行数据:`);
  for (const c of sheet.columns) {
    const field = mapping[c.index];
    console.log(`  ${c.letter.padEnd(3)} ${c.header.padEnd(12)} → ${field ? `${LEDGER_FIELD_LABELS[field].zh} (${field})` : '不导入 (ignored)'}`);
  }
}

function printCounts(counts: OutcomeCountsOutput) {
  for (const outcome of ROW_OUTCOMES) if (counts[outcome] > 0) console.log(`  ${OUTCOME_LABELS[outcome].padEnd(20)} ${counts[outcome]}`);
}

async function main(): Promise<void> {
  const [file] = positionals;
  if (values.help || !file) {
    console.log(USAGE);
    return;
  }
  if ((await stat(file).catch(() => fail(`cannot read ${file}`))).size > MAX_LEDGER_BYTES) fail(fileTooLarge().message_zh);
  const bytes = await readFile(file);

  const config = loadConfig();
  const silent = { info: () => undefined, warn: (m: string) => console.warn(m) };
  const db = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: 2, embeddedDbDir: config.embeddedDbDir });
  try {
    await prepareDatabase(db, { demoData: config.demoData, today: todayIn(config.timeZone), timeZone: config.timeZone, log: silent, demoPassword: config.demoPassword });
    const ctx: ImportContext = { pool: db.pool, actor: values.as ?? `cli:${os.userInfo().username}`, today: todayIn(config.timeZone) };

    const uploaded = await uploadLedger(ctx, path.basename(file), bytes);
    const sheet = values.sheet ? uploaded.sheets.find((s) => s.name === values.sheet) : uploaded.sheets.find((s) => s.header_row !== null);
    if (!sheet) fail(`there is no sheet "${values.sheet}" (sheets: ${uploaded.sheets.map((s) => s.name).join(', ')})`);
    if (sheet.header_row === null) fail(`sheet "${sheet.name}" has no header row in its first 15 rows`);
    const options: ImportOptionsInput = {
      ledger_name: values.ledger ?? uploaded.ledger.name,
      sheet: sheet.name,
      header_row: sheet.header_row,
      mapping: mappingOf(sheet, values.map),
      crs: values.gcj02 ? 'gcj02' : values.wgs84 ? 'wgs84' : uploaded.crs,
    };
    console.log(`台账 ledger “${options.ledger_name}”${uploaded.ledger.known && !values.ledger ? '(已知台账,沿用上次的列对应)' : ''},坐标 ${options.crs.toUpperCase()}`);
    printMapping(sheet, options.mapping);

    const started = Date.now();
    const preview = await startPreview(ctx, uploaded.id, options, progressBar('分析 analysing'));
    const counts = await preview.job;
    console.log(`预览 preview (${((Date.now() - started) / 1000).toFixed(1)} s):`);
    printCounts(counts);
    await reportValues(db.pool, uploaded.id);
    if (counts.rejected + counts.conflict > 0) await reportProblems(db.pool, uploaded.id, options.ledger_name, sheet, file);

    const toWrite = counts.create + counts.update + counts.unplaced;
    if (toWrite === 0) {
      console.log('没有需要写入的行 nothing to write');
      return;
    }
    if (!(await confirm(`写入 ${counts.create + counts.update} 行${counts.unplaced ? `,并保留 ${counts.unplaced} 行待定位` : ''}?write? [y/N] `, values.yes))) {
      console.log('未写入 nothing written (run with --yes to write)');
      return;
    }
    const writeStarted = Date.now();
    const written = await (await startCommit(ctx, uploaded.id, progressBar('写入 writing'))).job;
    console.log(`已写入 written (${((Date.now() - writeStarted) / 1000).toFixed(1)} s):`);
    printCounts(written);
    if (written.unplaced > 0) console.log(`${written.unplaced} 行待定位(有地址无坐标)或待勾画(老旧小区不在已知小区内):请在应用中“导入台账 → 待定位”里放置`);
  } catch (err) {
    failOnRefusal(err);
  } finally {
    await db.close();
  }
}

const FIELD_ZH = { unit: '责任单位', kind: '类型', status: '状态', street: '街道' } as const;

/**
 * The rows written with a warning, and the values that matched nothing exactly with what each was taken to mean.
 * The CLI decides nothing: a value without a suggestion is decided in the app (导入台账 → 值的核对), and kept for the ledger.
 */
async function reportValues(pool: pg.Pool, id: number) {
  const warned = (await importById(pool, id))?.warned ?? 0;
  if (warned > 0) console.log(`  ${'有提示 warned'.padEnd(20)} ${warned}(照常写入 written as they are)`);
  const review = await valueReviewOf(pool, id);
  if (!review || review.total === 0) return;
  console.log(`待核对的值 values to reconcile (${review.total}):`);
  for (const v of review.values.slice(0, 30)) {
    const meaning = v.choice ? `已定为 decided: ${v.choice.name}` : v.suggestion ? `按 taken as: ${v.suggestion.name}` : '无建议,此值的行不导入 no suggestion: its rows are rejected';
    console.log(`  ${FIELD_ZH[v.field]}“${v.value}” × ${v.rows} → ${meaning}`);
  }
  if (review.values.length > 30) console.log(`  …… 另有 ${review.total - 30} 个 and ${review.total - 30} more`);
}

/** Prints the first problems and writes every rejected row to a workbook beside the ledger. */
async function reportProblems(pool: pg.Pool, id: number, ledgerName: string, sheet: SheetOutlineOutput, file: string) {
  const rows = await rejectedRows(pool, id);
  for (const r of rows.slice(0, 20)) console.log(`  第 ${r.row_number} 行 row ${r.row_number}: ${problemText(r.problems).replace(/\n/g, ' ')}`);
  if (rows.length > 20) console.log(`  …… 另有 ${rows.length - 20} 行 and ${rows.length - 20} more`);
  if (rows.length === 0) return;
  const target = values.rejected ?? path.join(path.dirname(file), `${ledgerName}${REJECTED_SUFFIX}.xlsx`);
  const row = await importById(pool, id);
  await writeFile(target, await rejectedWorkbook(ledgerName, row!.outline.sheets.find((s) => s.name === sheet.name)!, rows));
  console.log(`无法导入的行已写入 rejected rows written to ${target}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
