/**
 * The user guide's reference tables, made from the domain modules the server
 * and the client read (kinds, statuses, the loop, roles, the dashboard's
 * measures, coverage), so the book says what the code does and changes with
 * it. docs/guide/domain.data.ts calls this at build time.
 */
import { COVERAGE_DEFAULTS, COVERAGE_METRICS } from '../../server/src/domain/coverage.js';
import { DASHBOARD_MEASURES, WEEKLY_MEASURES } from '../../server/src/domain/dashboard.js';
import { KINDS } from '../../server/src/domain/kinds/index.js';
import { TRANSITIONS } from '../../server/src/domain/lifecycle.js';
import { CAPABILITIES, ROLE_LABELS, ROLES, type Capability } from '../../server/src/domain/roles.js';
import { STATUS_LABELS, STATUSES } from '../../server/src/domain/status.js';

export interface SimpleTable {
  header: string[];
  rows: string[][];
}

const GEOMETRY_WORDS: Record<string, string> = { Point: '点 Point', LineString: '线 LineString', Polygon: '面 Polygon', MultiPolygon: '多面 MultiPolygon' };

const CAPABILITY_WORDS: Record<Capability, string> = {
  readPrivate: '查看非公开信息(上报人、电话、内部备注、未公开照片)',
  createProject: '新建项目',
  editProject: '编辑项目',
  deleteProject: '删除项目',
  uploadPhoto: '上传照片',
  importLedger: '导入台账',
  readDashboard: '督办看板与周通报',
  exportReports: '导出周通报(CSV、Excel)',
  manageUsers: '管理用户',
  manageUnits: '管理责任单位',
  manageReferenceLayers: '导入参考图层(小区、道路)',
  manageApiKeys: '签发与吊销 Open311 接口密钥',
  manageAreas: '新增与修改区域',
};

const roleName = (role: string) => {
  const label = ROLE_LABELS[role as keyof typeof ROLE_LABELS];
  return label ? `${label.zh} ${role}` : role;
};
const statusName = (status: string) => `${STATUS_LABELS[status as keyof typeof STATUS_LABELS].zh}(${status})`;

export function kindsTable(): SimpleTable {
  return {
    header: ['类型 kind', '代码 code', '图上字符', '颜色', '几何', '默认时限', '专有属性'],
    rows: KINDS.map((k) => [
      `${k.name.zh} ${k.name.en}`,
      k.code,
      k.symbol,
      k.color,
      k.geometryTypes.map((g) => GEOMETRY_WORDS[g] ?? g).join('、'),
      `${k.defaultTimeLimitDays} 天`,
      Object.values(k.attributeLabels as Record<string, { zh: string }>).map((l) => l.zh).join('、'),
    ]),
  };
}

export function statusesTable(): SimpleTable {
  return { header: ['状态', 'code', 'English'], rows: STATUSES.map((s) => [STATUS_LABELS[s].zh, s, STATUS_LABELS[s].en]) };
}

const REQUIREMENT_WORDS: Record<string, string> = {
  unit_and_deadline: '责任单位与完成时限(不填时限则按类型默认时限)',
  completion_note: '整改情况说明',
  satisfied_follow_up: '回访满意度 3–5',
  unsatisfied_follow_up: '回访满意度 1–2(计一次返工)',
  reason: '撤销原因',
};

export function transitionsTable(): SimpleTable {
  return {
    header: ['按钮', '从', '到', '谁可以', '需要填写'],
    rows: TRANSITIONS.map((t) => [
      `${t.action.zh}(${t.action.en})`,
      statusName(t.from),
      statusName(t.to),
      t.roles.map(roleName).join('、'),
      t.requires ? (REQUIREMENT_WORDS[t.requires] ?? t.requires) : '—',
    ]),
  };
}

export function capabilitiesTable(): SimpleTable {
  return {
    header: ['能做什么', ...ROLES.map(roleName), '公众 public'],
    rows: (Object.keys(CAPABILITIES) as Capability[]).map((c) => [
      CAPABILITY_WORDS[c],
      ...ROLES.map((r) => ((CAPABILITIES[c] as readonly string[]).includes(r) ? '✔' : '')),
      '',
    ]),
  };
}

export function measuresTable(): SimpleTable {
  return {
    header: ['指标', 'measure', '口径'],
    rows: Object.values(DASHBOARD_MEASURES).map((m) => [m.name.zh, m.name.en, m.definition.zh]),
  };
}

export function weeklyMeasuresTable(): SimpleTable {
  return {
    header: ['指标', 'measure', '口径'],
    rows: Object.values(WEEKLY_MEASURES).map((m) => [m.name.zh, m.name.en, m.definition.zh]),
  };
}

const COVERAGE_PARAMETER_WORDS: Record<string, string> = {
  radius: 'R:充电站点覆盖半径(米)',
  year: 'Y:老旧小区的建成年份上限',
  distance: 'D:路灯照亮道路的距离(米)',
  hotspotRadius: '下水道堵点聚集半径(米)',
  hotspotReports: '构成堵点的最少上报次数',
};

export function coverageTable(): SimpleTable {
  return {
    header: ['类型', '指标', '分子', '分母'],
    rows: Object.entries(COVERAGE_METRICS).map(([code, m]) => [
      KINDS.find((k) => k.code === code)?.name.zh ?? code,
      m.name.zh,
      m.numerator.zh,
      m.denominator.zh,
    ]),
  };
}

export function coverageDefaultsTable(): SimpleTable {
  return {
    header: ['参数', '默认值', '查询参数'],
    rows: Object.entries(COVERAGE_DEFAULTS).map(([key, value]) => [COVERAGE_PARAMETER_WORDS[key] ?? key, String(value), key]),
  };
}
