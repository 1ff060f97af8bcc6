/**
 * Writes 清溪区2026年三季度民生实事台账.xlsx: a made-up district's quarterly
 * ledger, shaped as a clerk keeps one — a merged title, a line saying who
 * filled it in, units by their short names (区城管局, 县发改局, 供电公司), one
 * unit the district does not have (区消防大队), 已完成 rows without a day,
 * 老旧小区 rows given as a point, rows with only an address, and dates written
 * three ways (2026/9/30, 2026年9月30日, Excel serials).
 *
 * 清溪区 (code 439901) lies in lon 113.00–113.30, lat 28.00–28.30, its six
 * streets in a 3 × 2 grid, north row first, west to east. Deterministic: the
 * positions come from a fixed-seed generator, the workbook's dates are fixed.
 *
 *   npx tsx data/samples/make-ledger.ts
 */
import { writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

export const LEDGER_FILE = '清溪区2026年三季度民生实事台账.xlsx';

/** Each street's rough box: [minLon, minLat, maxLon, maxLat]. */
export const STREET_BOXES: Record<string, [number, number, number, number]> = {
  城关街道: [113.0, 28.15, 113.1, 28.3],
  河西街道: [113.1, 28.15, 113.2, 28.3],
  桃源街道: [113.2, 28.15, 113.3, 28.3],
  新港镇: [113.0, 28.0, 113.1, 28.15],
  白沙镇: [113.1, 28.0, 113.2, 28.15],
  青山乡: [113.2, 28.0, 113.3, 28.15],
};
const STREETS = Object.keys(STREET_BOXES);

/** A fixed-seed linear congruential generator: the same ledger every run. */
function generator(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Excel's serial number of a day (1899-12-30 is day 0). */
const excelSerial = (iso: string) => Math.round((Date.parse(`${iso}T00:00:00Z`) - Date.parse('1899-12-30T00:00:00Z')) / 86_400_000);

/** A day written one of the three ways clerks write it. */
function writtenDay(iso: string, how: number): string | number {
  const [y, m, d] = iso.split('-').map(Number);
  if (how % 3 === 0) return `${y}/${m}/${d}`;
  if (how % 3 === 1) return `${y}年${m}月${d}日`;
  return excelSerial(iso);
}

const ROADS: Record<string, string[]> = {
  城关街道: ['人民路', '解放路', '五一路', '中山路', '文化路', '府前街', '东门路', '西门路', '南正街', '北正街'],
  河西街道: ['河西大道', '滨江路', '沿河路', '新华路', '建设路', '学府路', '望江路', '金桥路', '银杏路', '枫林路'],
  桃源街道: ['桃源路', '桃花路', '迎宾路', '长青路', '和平路', '朝阳路', '光明路', '幸福路', '太平街', '东风路'],
  新港镇: ['新港大道', '港口路', '码头街', '渔港路', '兴港路', '海棠路', '红星路', '振兴路', '团结路', '友谊路'],
  白沙镇: ['白沙路', '沙湾路', '白云路', '工业路', '民主路', '健康路', '青年路', '复兴路', '富民路', '星火路'],
  青山乡: ['青山路', '山前路', '茶园路', '竹林路', '林场路', '松山路', '翠竹路', '青石街', '兰溪路', '凤凰路'],
};

interface LedgerRow {
  title: string;
  kind: string;
  street: string;
  address: string;
  position: [number, number] | null;
  unit: string;
  deadline: string | number;
  status: string;
  completed: string | number | null;
  note: string | null;
}

/** What each row does to the importer, chosen by its number so the sample stays the same. */
const ONLY_ADDRESS = new Set([5, 17, 33, 51]);
const COMPOUND_POINTS = new Set([10, 40]);
const COMPOUND_ADDRESS = 25;
const FIRE_BRIGADE = new Set([12, 44]);
const COMPLETED_WITHOUT_DAY = new Set([7, 21, 38]);
const UNKNOWN_KIND = 29;
const UNKNOWN_STATUS = 47;
const LOOSE_KIND = 55;

const STATUS_CYCLE = ['已完成', '整改中', '已交办', '', '已办结', '推进中', '未开始', '已完成'];
const NOTES = ['群众反映强烈', null, '需协调电力部门', null, '纳入区政府民生实事清单', null, null, '已现场核实'];

export function ledgerRows(): LedgerRow[] {
  const random = generator(439901);
  const rows: LedgerRow[] = [];
  for (let n = 1; n <= 60; n++) {
    const street = STREETS[(n - 1) % STREETS.length]!;
    const road = ROADS[street]![Math.floor((n - 1) / STREETS.length) % 10]!;
    const [minLon, minLat, maxLon, maxLat] = STREET_BOXES[street]!;
    // Kept a little inside the box: a rough box is not the street's real edge.
    const position: [number, number] = [
      Math.round((minLon + 0.01 + random() * (maxLon - minLon - 0.02)) * 1e6) / 1e6,
      Math.round((minLat + 0.01 + random() * (maxLat - minLat - 0.02)) * 1e6) / 1e6,
    ];
    const house = 1 + Math.floor(random() * 200);
    const address = `清溪区${street}${road}${house}号`;
    let row: LedgerRow;
    switch (n % 4) {
      case 0:
        row = { title: `${road}路灯维修`, kind: n % 8 === 0 ? '路灯' : '路灯维修', street, address, position, unit: ['区城管局', '清溪区城市管理和综合执法局', '区交通局'][n % 3]!, deadline: '', status: '', completed: null, note: null };
        break;
      case 1:
        row = { title: `${road}下水道疏通`, kind: n % 3 === 0 ? '排水管网' : '下水道', street, address, position, unit: street === '城关街道' ? '城关街道' : ['区城管局', '区水利局'][n % 2]!, deadline: '', status: '', completed: null, note: null };
        break;
      case 2:
        row = { title: `${road}电动自行车充电桩建设`, kind: '充电桩', street, address, position, unit: n % 3 === 0 ? '县发改局' : '供电公司', deadline: '', status: '', completed: null, note: null };
        break;
      default:
        row = { title: `${road}${n % 2 === 0 ? '排水' : '路灯'}设施改造`, kind: n % 2 === 0 ? '下水道' : '路灯', street, address, position, unit: n % 2 === 0 ? '区住建局' : '区城管局', deadline: '', status: '', completed: null, note: null };
    }
    if (COMPOUND_POINTS.has(n) || n === COMPOUND_ADDRESS) {
      row = { ...row, title: `${road}${['供销', '粮站', '机械厂'][n % 3]}宿舍老旧小区改造`, kind: '老旧小区改造', unit: n === COMPOUND_ADDRESS ? '清溪区住房和城乡建设局' : '区住建局' };
    }
    if (FIRE_BRIGADE.has(n)) row = { ...row, title: `${road}电动自行车集中充电点消防改造`, kind: '充电桩', unit: '区消防大队' };
    if (n === UNKNOWN_KIND) row = { ...row, title: `${road}口袋公园建设`, kind: '口袋公园', unit: '区住建局' };
    if (n === LOOSE_KIND) row = { ...row, title: `${road}背街小巷亮化工程`, kind: '亮化工程', unit: '区城管局' };
    if (ONLY_ADDRESS.has(n) || n === COMPOUND_ADDRESS) row.position = null;

    const status = n === UNKNOWN_STATUS ? '已完工' : COMPLETED_WITHOUT_DAY.has(n) ? '已完成' : STATUS_CYCLE[n % STATUS_CYCLE.length]!;
    const done = status === '已完成' || status === '已办结';
    const deadline = ['2026-08-31', '2026-09-15', '2026-09-30', '2026-12-31'][n % 4]!;
    // Most finish around their deadline, a few late; the day always in the third quarter.
    const completedOn = `2026-09-${String(5 + (n % 24)).padStart(2, '0')}`;
    row.deadline = writtenDay(deadline, n);
    row.status = status;
    row.completed = done && !COMPLETED_WITHOUT_DAY.has(n) ? writtenDay(completedOn, n + 1) : null;
    row.note = COMPLETED_WITHOUT_DAY.has(n) ? '已完工,完成时间待核实' : NOTES[n % NOTES.length]!;
    rows.push(row);
  }
  return rows;
}

const HEADERS = ['序号', '项目名称', '类型', '所属街道', '地址', '经度', '纬度', '责任单位', '完成时限', '办理状态', '完成时间', '备注'];

export async function ledgerWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  // Fixed, so that the same script writes the same workbook.
  workbook.creator = '清溪区民生实事办';
  workbook.created = new Date('2026-10-08T09:00:00Z');
  workbook.modified = new Date('2026-10-08T09:00:00Z');
  const sheet = workbook.addWorksheet('三季度台账');
  sheet.addRow(['清溪区2026年第三季度民生实事项目台账']);
  sheet.mergeCells(1, 1, 1, HEADERS.length);
  sheet.getRow(1).font = { bold: true, size: 16 };
  sheet.getRow(1).alignment = { horizontal: 'center' };
  sheet.addRow(['填报单位:清溪区人民政府办公室(民生实事办)      填报日期:2026年10月8日']);
  sheet.mergeCells(2, 1, 2, HEADERS.length);
  sheet.addRow(HEADERS);
  sheet.getRow(3).font = { bold: true };
  ledgerRows().forEach((r, i) => {
    sheet.addRow([i + 1, r.title, r.kind, r.street, r.address, r.position?.[0] ?? null, r.position?.[1] ?? null, r.unit, r.deadline, r.status || null, r.completed, r.note]);
  });
  sheet.columns.forEach((column, i) => {
    column.width = [6, 34, 12, 10, 36, 12, 12, 28, 14, 10, 14, 24][i];
  });
  return fixedZipDates(Buffer.from(await workbook.xlsx.writeBuffer()));
}

/** The workbook's zip again, each entry dated the same day: exceljs stamps them with the time it ran. */
async function fixedZipDates(bytes: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(bytes);
  const again = new JSZip();
  for (const name of Object.keys(zip.files).sort()) {
    const entry = zip.files[name]!;
    if (!entry.dir) again.file(name, await entry.async('nodebuffer'), { date: new Date('2026-10-08T09:00:00Z'), createFolders: false });
  }
  return again.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const target = new URL(`./${LEDGER_FILE}`, import.meta.url);
  await writeFile(target, await ledgerWorkbook());
  console.log(`wrote ${decodeURIComponent(target.pathname)}`);
}
