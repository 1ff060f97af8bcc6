import { AREA_LEVEL_LABELS } from '../domain/area.js';
import { KIND_CODES, findKind } from '../domain/kinds/index.js';
import { STATUS_LABELS } from '../domain/status.js';
import { WEEKLY_MEASURE_KEYS, WEEKLY_MEASURES, type OverdueItem, type WeeklyFigures, type WeeklyReport } from '../domain/dashboard.js';
import type { Cell, Column, Report, Table } from './table.js';

/** The area a report covers, as a leader names it. */
export function reportAreaName(report: Pick<WeeklyReport, 'path'>): string {
  return report.path.length === 0 ? '全部区县' : report.path.map((a) => a.name).join(' ');
}

/** 民生实事周通报_石鼓区_2026-W47: the download's name before its extension. */
export function weeklyReportFileName(report: WeeklyReport): string {
  const area = report.path.length === 0 ? '全部区县' : report.path[report.path.length - 1]!.name;
  return `民生实事周通报_${area}_${report.week.week}`;
}

const integer = (header: string): Column => ({ header, type: 'integer' });
const text = (header: string): Column => ({ header, type: 'text' });

const FIGURE_COLUMNS = WEEKLY_MEASURE_KEYS.map((k) => integer(WEEKLY_MEASURES[k].name.zh));
const figureCells = (f: WeeklyFigures): Cell[] => WEEKLY_MEASURE_KEYS.map((k) => f[k]);

function kindsLabel(report: WeeklyReport): string {
  if (report.kinds.length === KIND_CODES.length) return '全部类型';
  return report.kinds.map((k) => findKind(k)?.name.zh ?? k).join('、');
}

function summaryTable(report: WeeklyReport): Table {
  const { week } = report;
  return {
    name: '汇总',
    columns: [text('项目'), text('数值'), text('口径')],
    rows: [
      ['通报周', week.week, 'ISO 周,周一至周日'],
      ['起止日期', `${week.start} 至 ${week.end}`, null],
      ['周末数据截至', week.as_of, week.as_of < week.end ? '本周尚未结束,截至今天' : null],
      ['区域', reportAreaName(report), '含下级区域'],
      ['项目类型', kindsLabel(report), null],
      ...WEEKLY_MEASURE_KEYS.map((k): Cell[] => [WEEKLY_MEASURES[k].name.zh, report.totals[k], WEEKLY_MEASURES[k].definition.zh]),
      ['逾期清单', report.overdue.total, report.overdue.items.length < report.overdue.total ? `仅列出前 ${report.overdue.items.length} 项` : null],
    ],
    footer: [],
  };
}

function areaTable(report: WeeklyReport): Table {
  const level = report.children[0]?.area.level;
  const rows = report.children.map((c): Cell[] => [c.area.name, ...figureCells(c.figures)]);
  if (report.rest) rows.push([report.path.length === 0 ? '不在任何区域内' : '未落入下级区域', ...figureCells(report.rest)]);
  return {
    name: '分区域',
    columns: [text(level ? AREA_LEVEL_LABELS[level].zh : '区域'), ...FIGURE_COLUMNS],
    rows,
    footer: [['合计', ...figureCells(report.totals)]],
  };
}

function unitTable(report: WeeklyReport): Table {
  return {
    name: '分责任单位',
    columns: [text('责任单位'), ...FIGURE_COLUMNS],
    rows: report.units.map((u): Cell[] => [u.unit?.name ?? '未交办', ...figureCells(u.figures)]),
    footer: [['合计', ...figureCells(report.totals)]],
  };
}

function overdueRow(item: OverdueItem, index: number): Cell[] {
  return [
    index + 1,
    item.id,
    item.title,
    findKind(item.kind)?.name.zh ?? item.kind,
    STATUS_LABELS[item.status].zh,
    item.unit?.name ?? '未交办',
    item.area?.name ?? '',
    item.reported_on,
    item.deadline,
    item.days_overdue,
  ];
}

function overdueTable(report: WeeklyReport): Table {
  return {
    name: '逾期清单',
    columns: [
      integer('序号'),
      integer('项目编号'),
      text('项目名称'),
      text('项目类型'),
      text('当前状态'),
      text('责任单位'),
      text('所在区域'),
      text('上报日期'),
      text('完成时限'),
      integer('逾期天数'),
    ],
    rows: report.overdue.items.map(overdueRow),
    footer: [],
  };
}

/** The 周通报 as tables, headed in Chinese, for the CSV and the XLSX. */
export function weeklyReportTables(report: WeeklyReport): Report {
  const { week } = report;
  return {
    title: `民生实事周通报 ${reportAreaName(report)} ${week.week}(${week.start} 至 ${week.end})`,
    fileName: weeklyReportFileName(report),
    tables: [summaryTable(report), areaTable(report), unitTable(report), overdueTable(report)],
  };
}
