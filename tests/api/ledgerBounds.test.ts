import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportState } from '../../server/src/domain/ledgerImport.js';
import { LEDGER_BOUNDS } from '../../server/src/imports/ledgerBounds.js';
import { readOnWorker } from '../../server/src/imports/parseInWorker.js';
import { startTestApp } from '../helpers/app.js';
import { loginAs, type TestSession } from '../helpers/auth.js';
import { uploadLedger } from '../helpers/imports.js';
import { ledgerRows, rawWorkbook } from '../fixtures/ledgers/rawWorkbook.js';

/**
 * Every file a planner can send is bounded before the work it bounds (issue
 * 23, findings 4 and 5): counted from what it holds, not the size it claims.
 */
let app: FastifyInstance;
let planner: TestSession;
beforeAll(async () => {
  app = await startTestApp();
  planner = await loginAs(app, 'planner');
});
afterAll(async () => {
  await app?.close();
});

const importCount = async () => Number((await app.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM ledger_imports')).rows[0]!.n);

interface Refusal {
  code: string;
  message: string;
  message_zh: string;
  bound: string;
  limit: number;
}

async function expectRefused(bytes: Buffer, fileName: string, bound: string) {
  const before = await importCount();
  const response = await uploadLedger(planner, fileName, bytes);
  expect(response.statusCode, response.body).toBe(413);
  const body = response.json<Refusal>();
  const limitKey = (bound === 'lastRow' ? 'rows' : bound) as keyof typeof LEDGER_BOUNDS;
  expect(body).toMatchObject({ code: 'LEDGER_TOO_LARGE', bound, limit: LEDGER_BOUNDS[limitKey] });
  expect(body.message_zh).toMatch(/拆分|删除/);
  expect(await importCount()).toBe(before);
  return body;
}

describe('a workbook', () => {
  it('holding one cell at XFD1048576 is refused at once, naming the cell, without laying out the million rows above it', async () => {
    const bomb = await rawWorkbook([[['A1', '项目名称'], ['B1', '类型']], [['XFD1048576', '路灯']]]);
    expect(bomb.length).toBeLessThan(2048);
    const response = await expectRefused(bomb, '一个远处的单元格.xlsx', 'lastRow');
    expect(response.message).toContain('XFD1048576');
    expect(response.message_zh).toContain('XFD1048576');
  });

  it('holding a cell past column IV is refused, naming the cell; one within it is read as the cells it holds', async () => {
    const far = await expectRefused(await rawWorkbook([[['A1', '项目名称'], ['B1', '类型']], [['A2', '人民路路灯'], ['B2', '路灯'], ['XFD2', '备注']]]), '右边远处.xlsx', 'columns');
    expect(far.message_zh).toContain('XFD2');
    const response = await uploadLedger(planner, '右边的备注.xlsx', await rawWorkbook([[['A1', '项目名称'], ['B1', '类型']], [['A2', '人民路路灯'], ['B2', '路灯'], ['IV2', '备注']]]));
    expect(response.statusCode, response.body).toBe(201);
    const sheet = response.json<ImportState>().sheets[0]!;
    expect(sheet.columns).toHaveLength(256);
    expect(sheet.data_rows).toBe(1);
  });

  it(`of more than ${LEDGER_BOUNDS.rows.toLocaleString()} rows is a 413 naming the bound, counted before Excel's model is built`, async () => {
    await expectRefused(await rawWorkbook(ledgerRows(LEDGER_BOUNDS.rows + 10)), '一百万行.xlsx', 'rows');
  });

  it('whose cells sit far to the right on many rows is a 413 naming the span', async () => {
    const rows = Math.ceil(LEDGER_BOUNDS.span / LEDGER_BOUNDS.columns) + 10;
    const far = function* (): Generator<[string, string][]> {
      yield [['A1', '项目名称'], ['B1', '类型']];
      for (let i = 2; i <= rows; i++) yield [[`IV${i}`, '备注']];
    };
    await expectRefused(await rawWorkbook(far()), '很宽的表.xlsx', 'span');
  });
});

describe('a CSV', () => {
  const csv = (rows: number) => Buffer.from(['项目名称,类型', ...Array.from({ length: rows }, (_, i) => `路灯${i + 1},路灯`)].join('\n'));

  it('of 150,000 rows outlines (the widest row was found by spreading every row into Math.max, past the stack)', async () => {
    const response = await uploadLedger(planner, '十五万行.csv', csv(150_000));
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<ImportState>().sheets[0]!.data_rows).toBe(150_000);
  });

  it(`of more than ${LEDGER_BOUNDS.rows.toLocaleString()} rows is a 413 naming the bound`, async () => {
    await expectRefused(csv(LEDGER_BOUNDS.rows + 10), '太多行.csv', 'rows');
  });
});

describe('the reader', () => {
  it('that needs more heap than its bound is stopped and the file refused, while the server goes on', async () => {
    const workbook = await rawWorkbook(ledgerRows(120_000));
    await expect(readOnWorker(workbook, { readerHeapMb: 48, readerSeconds: 120 })).rejects.toMatchObject({ statusCode: 413, details: { bound: 'readerHeapMb' } });
    expect((await app.inject('/api/health')).statusCode).toBe(200);
  });

  it('that takes longer than its bound is stopped and the file refused', async () => {
    const workbook = await rawWorkbook(ledgerRows(20_000));
    await expect(readOnWorker(workbook, { readerHeapMb: 1024, readerSeconds: 0.05 })).rejects.toMatchObject({ statusCode: 413, details: { bound: 'readerSeconds' } });
  });
});
