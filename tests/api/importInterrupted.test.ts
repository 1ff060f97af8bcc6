import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportState } from '../../server/src/domain/ledgerImport.js';
import { startTestApp } from '../helpers/app.js';
import { loginAs, type TestSession } from '../helpers/auth.js';
import { commitImport, previewLedger, settled, acceptedOptions } from '../helpers/imports.js';

/**
 * An import whose server stopped during a step (issue 23, finding 7): after
 * the restart the import said INTERRUPTED, preview again, and preview and
 * commit both answered 409 IMPORT_BUSY. The stopped step is simulated as the
 * database holds it after a kill -9: busy, with the runner that had it.
 */
let app: FastifyInstance;
let planner: TestSession;
beforeAll(async () => {
  app = await startTestApp();
  planner = await loginAs(app, 'planner');
});
afterAll(async () => {
  await app?.db.pool.query(
    `UPDATE projects SET deleted_at = now() WHERE deleted_at IS NULL AND id IN (SELECT k.project_id FROM ledger_keys k JOIN ledgers l ON l.id = k.ledger_id WHERE l.name LIKE '中断测试%')`,
  );
  await app?.close();
});

const ledger = (tag: string) =>
  Buffer.from(
    [
      '序号,项目名称,类型,状态,地址,经度,纬度',
      `${tag}-1,${tag}解放路路灯,路灯,已上报,解放路1号,112.6105,26.9005`,
      `${tag}-2,${tag}人民路路灯,路灯,已上报,人民路2号,112.6115,26.9015`,
    ].join('\n'),
  );

/** A pid that no process has: one that has just exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

async function leaveBusy(id: number, state: 'analysing' | 'committing', runner: string, secondsAgo: number) {
  await app.db.pool.query(`UPDATE ledger_imports SET state = $2, runner = $3, heartbeat_at = now() - make_interval(secs => $4) WHERE id = $1`, [id, state, runner, secondsAgo]);
}

const stateOf = async (id: number) => (await planner.inject(`/api/imports/${id}`)).json<ImportState>();
const createdBy = async (ledgerName: string) =>
  Number((await app.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM ledger_keys k JOIN ledgers l ON l.id = k.ledger_id WHERE l.name = $1', [ledgerName])).rows[0]!.n);

describe('an import left busy by a server that stopped', () => {
  it('while committing on another host (stale heartbeat) is written again, once', async () => {
    const previewed = await previewLedger(planner, '中断测试甲.csv', ledger('甲'));
    await leaveBusy(previewed.id, 'committing', 'another-host:4242', 600);
    const interrupted = await stateOf(previewed.id);
    expect(interrupted.state).toBe('failed');
    expect(interrupted.error).toMatchObject({ code: 'INTERRUPTED' });
    expect(interrupted.error!.message_zh).toMatch(/重新确认写入/);
    const committed = await commitImport(planner, previewed.id);
    expect(committed.counts).toMatchObject({ create: 2 });
    expect(await createdBy('中断测试甲')).toBe(2);
  });

  it('while analysing on this host, whose process is gone, is interrupted at once and previews again', async () => {
    const previewed = await previewLedger(planner, '中断测试乙.csv', ledger('乙'));
    await leaveBusy(previewed.id, 'analysing', `${hostname()}:${await deadPid()}`, 0);
    expect((await stateOf(previewed.id)).error).toMatchObject({ code: 'INTERRUPTED' });
    // Writing needs a preview first; previewing again works.
    const commit = await planner.inject({ method: 'POST', url: `/api/imports/${previewed.id}/commit`, payload: {} });
    expect(commit.statusCode).toBe(409);
    expect(commit.json<{ code: string }>().code).toBe('NOT_PREVIEWED');
    const again = await planner.inject({ method: 'POST', url: `/api/imports/${previewed.id}/preview`, payload: acceptedOptions(previewed) });
    expect(again.statusCode, again.body).toBe(202);
    expect((await settled(planner, previewed.id)).state).toBe('previewed');
  });

  it('that another live server is working on stays busy: 409, and nothing moves', async () => {
    const previewed = await previewLedger(planner, '中断测试丙.csv', ledger('丙'));
    await leaveBusy(previewed.id, 'analysing', 'another-host:4242', 1);
    expect((await stateOf(previewed.id)).state).toBe('analysing');
    const preview = await planner.inject({ method: 'POST', url: `/api/imports/${previewed.id}/preview`, payload: acceptedOptions(previewed) });
    expect(preview.statusCode).toBe(409);
    expect(preview.json<{ code: string }>().code).toBe('IMPORT_BUSY');
    const { rows } = await app.db.pool.query<{ state: string; runner: string }>('SELECT state, runner FROM ledger_imports WHERE id = $1', [previewed.id]);
    expect(rows[0]).toEqual({ state: 'analysing', runner: 'another-host:4242' });
  });
});
