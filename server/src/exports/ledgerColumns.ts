import { representativePoint } from '../domain/geojson.js';
import { findKind } from '../domain/kinds/index.js';
import { STATUS_LABELS } from '../domain/status.js';
import type { ProjectRow } from '../queries/projects.js';
import { deadlineStanding } from '../domain/status.js';
import type { Cell, Column } from '../reports/table.js';

/**
 * The columns of a project ledger (台账) as exported: the headers Chinese
 * district ledgers use, so a planner recognises them and the importer reads
 * them back. Private columns are written only for roles that may see them.
 */
export interface LedgerColumn extends Column {
  key: string;
  /** Width in Excel's character units. */
  width: number;
  private?: boolean;
  value: (row: ProjectRow, today: string) => Cell;
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

export const LEDGER_COLUMNS: readonly LedgerColumn[] = [
  { key: 'id', header: '序号', type: 'integer', width: 9, value: (r) => r.id },
  { key: 'title', header: '项目名称', type: 'text', width: 30, value: (r) => r.title },
  { key: 'kind', header: '类型', type: 'text', width: 12, value: (r) => findKind(r.kind)?.name.zh ?? r.kind },
  { key: 'status', header: '状态', type: 'text', width: 10, value: (r) => STATUS_LABELS[r.status].zh },
  { key: 'address', header: '地址', type: 'text', width: 28, value: (r) => r.address },
  { key: 'lon', header: '经度', type: 'decimal', width: 12, value: (r) => round6(representativePoint(r.geometry)[0]) },
  { key: 'lat', header: '纬度', type: 'decimal', width: 11, value: (r) => round6(representativePoint(r.geometry)[1]) },
  { key: 'area', header: '所属区域', type: 'text', width: 14, value: (r) => r.area_name },
  { key: 'unit', header: '责任单位', type: 'text', width: 24, value: (r) => r.unit_name },
  { key: 'reported_on', header: '上报日期', type: 'text', width: 12, value: (r) => r.reported_on },
  { key: 'deadline', header: '完成时限', type: 'text', width: 12, value: (r) => r.deadline },
  { key: 'completed_on', header: '完成日期', type: 'text', width: 12, value: (r) => r.completed_on },
  { key: 'verified_on', header: '回访日期', type: 'text', width: 12, value: (r) => r.verified_on },
  { key: 'days_overdue', header: '逾期天数', type: 'integer', width: 9, value: (r, today) => deadlineStanding(r, today).days_overdue },
  { key: 'households', header: '受益户数', type: 'integer', width: 9, value: (r) => r.households_benefited },
  { key: 'description', header: '情况说明', type: 'text', width: 30, value: (r) => r.description },
  { key: 'completion_note', header: '整改情况', type: 'text', width: 30, value: (r) => r.completion_note },
  { key: 'reopen_count', header: '退回次数', type: 'integer', width: 9, value: (r) => r.reopen_count },
  { key: 'attributes', header: '项目属性(JSON)', type: 'text', width: 24, value: (r) => (Object.keys(r.attributes).length ? JSON.stringify(r.attributes) : null) },
  { key: 'reporter_name', header: '上报人', type: 'text', width: 10, private: true, value: (r) => r.reporter_name },
  { key: 'reporter_phone', header: '联系电话', type: 'text', width: 14, private: true, value: (r) => r.reporter_phone },
  { key: 'internal_note', header: '内部备注', type: 'text', width: 24, private: true, value: (r) => r.internal_note },
  { key: 'geometry', header: '几何(GeoJSON)', type: 'text', width: 30, value: (r) => JSON.stringify(r.geometry) },
];

export function ledgerColumns(includePrivate: boolean): LedgerColumn[] {
  return LEDGER_COLUMNS.filter((c) => includePrivate || !c.private);
}
