import gcoord from 'gcoord';
import { addDays, isIsoDate, type IsoDate } from '../domain/dates.js';
import { KINDS, type KindCode } from '../domain/kinds/index.js';
import { STATUS_LABELS, STATUSES, type Status } from '../domain/status.js';
import { toHalfWidth } from '../domain/ledgerFields.js';

/**
 * Reading the values of a ledger cell as Excel and district clerks write them.
 * Each reader answers the value, or a reason in both languages that the
 * preview shows beside the row and column.
 */
export type Read<T> = { ok: true; value: T } | { ok: false; en: string; zh: string };
const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const no = <T>(en: string, zh: string): Read<T> => ({ ok: false, en, zh });

/** Trimmed, half-width text; empty cells are null. */
export function cellText(cell: unknown): string | null {
  if (cell === null || cell === undefined) return null;
  const text = toHalfWidth(cell instanceof Date ? cell.toISOString() : String(cell))
    .replace(/\s+/g, ' ')
    .trim()
    // Our own exports guard formula-like text with an apostrophe (see reports/table.ts neutralise); read it back as written.
    .replace(/^'(?=[=+\-@])/, '');
  return text === '' ? null : text;
}

/**
 * Free text (descriptions, notes) as written: only trimmed, its line breaks
 * and tabs kept — folding them would change what the user entered.
 */
export function cellLongText(cell: unknown): string | null {
  if (cell === null || cell === undefined) return null;
  const text = String(cell).trim().replace(/^'(?=[=+\-@])/, '');
  return text === '' ? null : text;
}

/** Words for each kind, beyond its code and its names. */
const KIND_WORDS: Record<KindCode, readonly string[]> = {
  streetlight: ['路灯', '照明', '路灯维修', '路灯修复', '亮化'],
  drainage: ['下水道', '排水', '疏通', '管网', '下水道疏通', '排水管网', '污水'],
  compound: ['老旧小区', '小区改造', '老旧小区改造', '旧改'],
  charging: ['充电桩', '充电', '充电设施', '电动车充电'],
};

/** The kind a cell names in one of its own words (its code, its names, the words districts use), else null. */
export function exactKind(cell: unknown): KindCode | null {
  const text = cellText(cell)?.toLowerCase();
  if (!text) return null;
  const kind = KINDS.find((k) => [k.code, k.name.zh, k.name.en.toLowerCase(), ...KIND_WORDS[k.code as KindCode]].includes(text));
  return kind ? (kind.code as KindCode) : null;
}

export function readKind(cell: unknown): Read<KindCode> {
  const text = cellText(cell)?.toLowerCase();
  if (!text) return no('the kind is empty', '类型为空');
  const exact = exactKind(text);
  if (exact) return ok(exact);
  // "XX路路灯维修" style free text: the most specific word found wins.
  const hits = KINDS.filter((k) => KIND_WORDS[k.code as KindCode].some((w) => text.includes(w)));
  if (hits.length === 1) return ok(hits[0]!.code as KindCode);
  return no(`"${text}" is not a kind: use 路灯, 下水道, 老旧小区 or 充电桩`, `“${text}”不是可识别的类型,应为路灯、下水道、老旧小区或充电桩`);
}

const STATUS_WORDS: Record<Status, readonly string[]> = {
  reported: ['已上报', '上报', '待处理', '待办', '未处理', '新建', '未开始', '待交办'],
  assigned: ['已交办', '交办', '已派单', '已分派', '已指派', '待整改'],
  in_progress: ['整改中', '处理中', '办理中', '进行中', '施工中', '正在整改', '推进中'],
  completed: ['已完成', '完成', '已整改', '整改完成', '已办结', '办结', '已处理'],
  verified: ['已回访', '已销号', '销号', '已验收', '回访满意', '已回访销号'],
  cancelled: ['已撤销', '撤销', '已取消', '取消', '作废'],
};

export function readStatus(cell: unknown): Read<Status> {
  const text = cellText(cell)?.toLowerCase().replace(/\s/g, '');
  if (!text) return ok('reported');
  for (const status of STATUSES) {
    const words = [status, STATUS_LABELS[status].zh, STATUS_LABELS[status].en.toLowerCase().replace(/\s/g, ''), ...STATUS_WORDS[status]];
    if (words.includes(text)) return ok(status);
  }
  return no(`"${text}" is not a status such as 已上报, 已交办, 整改中, 已完成, 已销号, 已撤销`, `“${text}”不是可识别的状态(如已上报、已交办、整改中、已完成、已销号、已撤销)`);
}

/** Excel's day 0 is 1899-12-30 once its 1900 leap-year bug is allowed for. */
const EXCEL_EPOCH = '1899-12-30';

/**
 * A date as Excel stores or clerks type it: a serial number (45296), a Date,
 * 2024-01-05, 2024/1/5, 2024.1.5, 2024年1月5日. Null for an empty cell.
 */
export function readDate(cell: unknown): Read<IsoDate | null> {
  if (cell === null || cell === undefined || cell === '') return ok(null);
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? no('not a date', '不是日期') : ok(cell.toISOString().slice(0, 10));
  if (typeof cell === 'number') {
    if (!Number.isInteger(Math.floor(cell)) || cell < 1 || cell > 2_958_465) return no(`${cell} is not a date`, `${cell} 不是日期`);
    return ok(addDays(EXCEL_EPOCH, Math.floor(cell)));
  }
  const text = cellText(cell);
  if (!text) return ok(null);
  if (/^\d{5}(\.\d+)?$/.test(text)) return readDate(Number(text));
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(\s.*)?$/.exec(text);
  if (!m) return no(`"${text}" is not a date (write 2024-01-05, 2024/1/5 or 2024年1月5日)`, `“${text}”不是日期(应为 2024-01-05、2024/1/5 或 2024年1月5日)`);
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? ok(iso) : no(`${text} is not a real date`, `${text} 不是真实存在的日期`);
}

export function readNumber(cell: unknown): Read<number | null> {
  if (typeof cell === 'number') return Number.isFinite(cell) ? ok(cell) : no('not a number', '不是数字');
  const text = cellText(cell)?.replace(/,/g, '');
  if (!text) return ok(null);
  const n = Number(text);
  return Number.isFinite(n) ? ok(n) : no(`"${text}" is not a number`, `“${text}”不是数字`);
}

export function readCount(cell: unknown): Read<number | null> {
  const read = readNumber(typeof cell === 'string' ? cell.replace(/户$/, '') : cell);
  if (!read.ok || read.value === null) return read;
  return Number.isInteger(read.value) && read.value >= 0 ? read : no(`${read.value} is not a whole number of households`, `${read.value} 不是有效的户数`);
}

/** China's extent, generously: a coordinate outside it is a typo or a swapped pair. */
const CHINA = { minLon: 73, maxLon: 135.5, minLat: 3.5, maxLat: 54 };

/**
 * A WGS-84 position from longitude and latitude cells, converted from GCJ-02
 * (what Chinese web maps give) when the ledger says it uses that.
 */
export function readPosition(lonCell: unknown, latCell: unknown, crs: 'wgs84' | 'gcj02'): Read<[number, number] | null> {
  const lon = readNumber(lonCell);
  const lat = readNumber(latCell);
  if (!lon.ok) return lon;
  if (!lat.ok) return lat;
  if (lon.value === null && lat.value === null) return ok(null);
  if (lon.value === null || lat.value === null) return no('a position needs both longitude and latitude', '经度、纬度须同时填写');
  if (lon.value < CHINA.minLon || lon.value > CHINA.maxLon || lat.value < CHINA.minLat || lat.value > CHINA.maxLat) {
    const swapped = lat.value >= CHINA.minLon && lat.value <= CHINA.maxLon && lon.value >= CHINA.minLat && lon.value <= CHINA.maxLat;
    return no(
      `${lon.value}, ${lat.value} is outside China${swapped ? ' (longitude and latitude look swapped)' : ''}`,
      `经纬度 ${lon.value}, ${lat.value} 不在中国境内${swapped ? '(经度与纬度疑似填反)' : ''}`,
    );
  }
  const position: [number, number] = [lon.value, lat.value];
  if (crs === 'wgs84') return ok(position);
  const [x, y] = gcoord.transform(position, gcoord.GCJ02, gcoord.WGS84) as [number, number];
  return ok([Math.round(x * 1e7) / 1e7, Math.round(y * 1e7) / 1e7]);
}
