/**
 * Writes the list samples of the made-up district 清溪区 (code 439901), as a
 * district's clerks keep them: a merged title row, a 序号 column, stray spaces,
 * full-width characters, short names separated however the clerk liked.
 *
 *   npx tsx data/samples/make-lists.ts
 *
 * Deterministic: the same files every run (fixed workbook dates, no random
 * numbers but a seeded sequence). The district's streets split the box
 * 113.00–113.30 E, 28.00–28.30 N into 3 columns × 2 rows, west to east, the
 * north row first.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { QINGXI_STREETS } from './qingxi.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXED_DATE = new Date(Date.UTC(2026, 0, 5, 9, 0, 0));

const STREETS = QINGXI_STREETS.map((s) => ({ name: s.name, code: s.code, west: s.box[0], north: s.box[3] }));

type Row = (string | number | null)[];

async function workbook(file: string, sheetName: string, title: string, header: string[], rows: Row[], widths: number[]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '清溪区数据局';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  const ws = wb.addWorksheet(sheetName);
  ws.addRow([title]);
  ws.mergeCells(1, 1, 1, header.length);
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  ws.addRow(header).font = { bold: true };
  for (const row of rows) ws.addRow(row);
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  await writeFile(path.join(HERE, file), await withFixedDates(Buffer.from(await wb.xlsx.writeBuffer())));
}

/** exceljs stamps each part of the zip with the time it wrote it: the same stamp for all, so a rerun writes the same bytes. */
async function withFixedDates(xlsx: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(xlsx);
  for (const entry of Object.values(zip.files)) entry.date = FIXED_DATE;
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}

/** 单位名录: one unit of a neighbouring district slipped in from the city's list (rejected: 湘东区 is not loaded). */
export const UNITS: Row[] = [
  [1, '清溪区', '清溪区城市管理和综合执法局', '区城管局、城管局', 'Urban Management and Law Enforcement Bureau'],
  [2, '439901', '清溪区住房和城乡建设局', '区住建局', 'Housing and Urban-Rural Development Bureau'],
  [3, '清溪区', '清溪区发展和改革局', null, null],
  [4, '清溪区 ', '清溪区交通运输局', '区交通局', 'Transport Bureau'],
  [5, '清溪区', '清溪区水利局', null, 'Water Resources Bureau'],
  [6, '清溪区', '国网湖南省电力有限公司清溪区供电分公司', '供电公司，区供电公司', 'State Grid Qingxi Power Supply Branch'],
  [7, '４３９９０１', '清溪区城关街道办事处', '城关街道办', null],
  [8, '清溪区', '清溪区自然资源局', '区自然资源局；资源局', 'Natural Resources Bureau'],
  [9, '清溪区', '清溪区水务投资集团有限公司', '水务公司/区水务', null],
  [10, ' 清溪区', '清溪区 河西街道办事处', '河西街道办', null],
  [11, '清溪区', '清溪区桃源街道办事处', '桃源街道办 、 桃源办', null],
  [12, '湘东区', '湘东区城市管理局', '湘东城管', null],
];

/** 人员名单: areas by street name; one account of a unit the units list does not have (rejected). */
export const STAFF: Row[] = [
  [1, '王建国', 'qx-admin', '管理员', null, null, '13807310001'],
  [2, '李红梅', 'qx-planner1', '规划员', null, '城关街道', '13807310002'],
  [3, '张伟', 'qx-planner2', 'Planner', null, '河西街道', '13807310003'],
  [4, '陈志强', 'ｑｘ－ｌｅａｄｅｒ', '领导', null, null, '13807310004'],
  [5, '刘洋', 'qx-cg-liu', '责任单位', '区城管局', '城关街道', '13807310005'],
  [6, '赵敏', 'qx-cg-zhao', '责任单位', '清溪区城市管理和综合执法局', '河西街道', '13807310006'],
  [7, '孙磊', 'qx-zj-sun', '责任单位', '区住建局', null, '13807310007'],
  [8, '周静', 'qx-fg-zhou', '责任单位', '清溪区发展和改革局', null, '13807310008'],
  [9, '吴涛', 'qx-jt-wu', '责任单位', '区交通局', null, '13807310009'],
  [10, '郑芳', 'qx-sl-zheng', '责任单位', '清溪区水利局', null, '13807310010'],
  [11, '冯军', 'qx-gd-feng', '责任单位', '供电公司', null, '13807310011'],
  [12, '何丽', 'qx-cgjd-he', '责任单位', '城关街道办', '城关街道', '13807310012'],
  [13, '马超', 'qx-zr-ma', '责任单位', '区自然资源局', null, '13807310013'],
  [14, '林晓', 'qx-sw-lin', '责任单位', '水务公司', null, '13807310014'],
  [15, '郭鹏', 'qx-hx-guo', '责任单位', '河西街道办', '河西街道', '13807310015'],
  [16, '罗娟', 'qx-ty-luo', '责任单位', '桃源街道办', '桃源街道', '13807310016'],
  [17, '黄磊', 'qx-wl-huang', '责任单位', '区文旅局', null, '13807310017'],
];

/** A seeded sequence (a linear congruential generator): the same points every run. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const COMPOUND_NAMES = [
  '锦绣花园', '城关新村', '桂花苑', '供电宿舍', '县委大院', '和平里', '河西小区', '滨江花园', '学府雅苑', '水利局宿舍',
  '桃源新村', '翠竹园', '桃花苑', '粮站宿舍', '新港小区', '港湾家园', '造船厂宿舍', '白沙花园', '白沙新村', '纺织厂宿舍',
  '青山苑', '青山新村', '林场宿舍', '阳光家园', '幸福里', '建设新村', '棉纺小区', '东方花园', '人民小区', '交通局宿舍',
];

/** 小区名录: 30 compounds, five to a street, years and households as clerks write them; 林场宿舍 has no position yet (rejected). */
export function compounds(): Row[] {
  const next = sequence(439901);
  return COMPOUND_NAMES.map((name, i) => {
    const street = STREETS[Math.floor(i / 5)]!;
    const lon = Math.round((street.west + 0.01 + next() * 0.08) * 1e6) / 1e6;
    const lat = Math.round((street.north - 0.01 - next() * 0.13) * 1e6) / 1e6;
    const year = 1985 + Math.floor(next() * 30);
    const households = 40 + Math.floor(next() * 600);
    const yearText = i % 3 === 0 ? year : i % 3 === 1 ? `${year}年` : `${year}年${1 + (i % 12)}月`;
    const householdsText = i % 4 === 0 ? `${households}户` : households;
    const address = `${street.name.replace(/街道|镇|乡/, '')}路${10 + i * 3}号`;
    const missing = name === '林场宿舍';
    return [i + 1, name, address, householdsText, yearText, missing ? null : lon, missing ? null : lat, street.name];
  });
}

const COMPOUND_HEADER = ['序号', '小区名称', '地址', '户数', '建成年份', '经度', '纬度', '所属街道'];

/** GBK bytes of a text: the encoder Node lacks, made by inverting its GBK decoder over every two-byte code. */
function gbk(text: string): Buffer {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gbk');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([lead, trail]));
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [lead, trail]);
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else {
      const pair = table.get(ch);
      if (!pair) throw new Error(`no GBK code for ${ch}`);
      bytes.push(...pair);
    }
  }
  return Buffer.from(bytes);
}

const csvCell = (v: string | number | null) => (v === null ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

async function main(): Promise<void> {
  await workbook('清溪区单位名录.xlsx', '单位名录', '清溪区民生项目责任单位名录(2026年1月)', ['序号', '所属区县', '单位全称', '简称', '英文名称'], UNITS, [6, 12, 40, 28, 44]);
  await workbook('清溪区人员名单.xlsx', '人员名单', '清溪区民生地图系统使用人员名单', ['序号', '姓名', '账号', '角色', '所属单位', '区域', '手机'], STAFF, [6, 10, 16, 10, 30, 12, 14]);
  const rows = compounds();
  await workbook('清溪区小区名录.xlsx', '小区名录', '清溪区住宅小区名录', COMPOUND_HEADER, rows, [6, 14, 16, 8, 12, 12, 12, 10]);
  // The same list as a clerk's Excel on a Chinese Windows saves it as CSV: GBK, CRLF, no title row.
  const csv = [COMPOUND_HEADER, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
  await writeFile(path.join(HERE, '清溪区小区名录.csv'), gbk(csv));
  console.log(`wrote ${UNITS.length} units, ${STAFF.length} staff, ${rows.length} compounds (xlsx, and csv in GBK) to ${path.relative(process.cwd(), HERE)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
