import { Type, type Static } from 'typebox';
import { GeometryOutput } from './geojson.js';
import type { Bilingual } from './text.js';

/**
 * How coverage is measured: the one place the API, the client and the docs
 * read the definitions and the bounds of their parameters from.
 */
export interface CoverageParams {
  /** Walking distance (m) from a working charging site that covers a household. */
  radius: number;
  /** Compounds built in or before this year are old. */
  year: number;
  /** Distance (m) from a repaired streetlight within which a road counts as lit. */
  distance: number;
  /** Drainage hotspots: at least `hotspotReports` reports within `hotspotRadius` metres. */
  hotspotRadius: number;
  hotspotReports: number;
}

export const COVERAGE_DEFAULTS: CoverageParams = { radius: 500, year: 2000, distance: 50, hotspotRadius: 100, hotspotReports: 2 };

/** Bounds that keep every request's work bounded. */
export const COVERAGE_BOUNDS = {
  radius: { minimum: 1, maximum: 5000 },
  year: { minimum: 1900, maximum: 2100 },
  distance: { minimum: 1, maximum: 5000 },
  hotspotRadius: { minimum: 1, maximum: 5000 },
  hotspotReports: { minimum: 2, maximum: 100 },
} as const;

export interface MetricDefinition {
  name: Bilingual;
  numerator: Bilingual;
  denominator: Bilingual;
  unit: 'households' | 'compounds' | 'metres' | 'reports';
}

/** The headline ratio of each kind, in words a planner reads on the panel and in the docs. */
export const COVERAGE_METRICS = {
  charging: {
    name: { zh: '充电设施覆盖率', en: 'Charging coverage' },
    numerator: {
      zh: '距已完成(或已回访)充电站点 R 米内的小区户数',
      en: 'households in compounds within R m of a completed or verified charging site',
    },
    denominator: { zh: '全部小区户数', en: 'all households in compounds' },
    unit: 'households',
  },
  compound: {
    name: { zh: '老旧小区改造率', en: 'Old-compound renovation' },
    numerator: { zh: '已完成改造的老旧小区(建成于 Y 年及以前)', en: 'old compounds (built in or before Y) with a completed or verified renovation' },
    denominator: { zh: '全部老旧小区', en: 'all old compounds' },
    unit: 'compounds',
  },
  streetlight: {
    name: { zh: '道路照明覆盖率', en: 'Street lighting coverage' },
    numerator: { zh: '距已修复路灯 D 米内的道路长度', en: 'road length within D m of a completed or verified streetlight project' },
    denominator: { zh: '道路总长度', en: 'total road length' },
    unit: 'metres',
  },
  drainage: {
    name: { zh: '堵塞处置率', en: 'Blockages resolved' },
    numerator: { zh: '已处置(完成或回访)的堵塞', en: 'blockages completed or verified' },
    denominator: { zh: '上报的堵塞(不含撤销)', en: 'blockages reported (cancelled ones excluded)' },
    unit: 'reports',
  },
} as const satisfies Record<string, MetricDefinition>;

/** Kinds whose coverage is measured; a new kind joins by adding its metric here. */
export type CoverageKind = keyof typeof COVERAGE_METRICS;
export const COVERAGE_KINDS = Object.keys(COVERAGE_METRICS) as CoverageKind[];

/**
 * On-time rate = completed on time ÷ (all completed + open and already
 * overdue). Dividing by completed alone makes recent weeks look perfect while
 * overdue items pile up.
 */
export function onTimeRate(completedOnTime: number, completed: number, openOverdue: number) {
  return { numerator: completedOnTime, denominator: completed + openOverdue, ratio: ratio(completedOnTime, completed + openOverdue) };
}

/** A ratio whose denominator is zero is unknown, not 0 and not NaN. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

const BilingualText = Type.Object({ zh: Type.String(), en: Type.String() });
const Ratio = Type.Union([Type.Number(), Type.Null()], { description: 'null when the denominator is 0: unknown, not 0' });

/** The headline figure of a kind for an area, with the figures behind it. */
export const CoverageFigures = Type.Object({
  numerator: Type.Number(),
  denominator: Type.Number(),
  ratio: Ratio,
  unit: Type.Enum(['households', 'compounds', 'metres', 'reports']),
  extras: Type.Record(Type.String(), Type.Union([Type.Number(), Type.Null()]), { description: 'the figures behind the ratio, by kind' }),
});
export type CoverageFigures = Static<typeof CoverageFigures>;

/** How the loop is doing on an area's projects of the kind. */
export const LoopFigures = Type.Object({
  by_status: Type.Record(Type.String(), Type.Integer(), { description: 'projects by status; statuses with none are left out' }),
  overdue: Type.Integer(),
  on_time: Type.Object({ numerator: Type.Integer(), denominator: Type.Integer(), ratio: Ratio }),
  median_days_to_complete: Type.Union([Type.Number(), Type.Null()]),
  mean_days_to_complete: Type.Union([Type.Number(), Type.Null()]),
});

/** One answer of `GET /api/coverage` (and one entry of `/api/coverage/children`). */
export const CoverageResult = Type.Object({
  area: Type.Object({
    id: Type.Integer(),
    name: Type.String(),
    name_en: Type.String(),
    level: Type.Enum(['district', 'street', 'community']),
    code: Type.String(),
  }),
  kind: Type.Enum(COVERAGE_KINDS),
  params: Type.Object({
    radius: Type.Number(),
    year: Type.Integer(),
    distance: Type.Number(),
    hotspotRadius: Type.Number(),
    hotspotReports: Type.Integer(),
  }),
  definition: Type.Object({ name: BilingualText, numerator: BilingualText, denominator: BilingualText, unit: Type.String() }),
  ...CoverageFigures.properties,
  loop: LoopFigures,
});
export type CoverageResult = Static<typeof CoverageResult>;

/**
 * A gap: need with no project, ranked by households, length or reports. Its
 * properties depend on the kind (a compound, a road stretch, a drainage
 * hotspot, a hexagon of the grid); all are listed, each optional.
 */
export const GapFeature = Type.Object({
  type: Type.Literal('Feature'),
  geometry: GeometryOutput,
  properties: Type.Object({
    rank: Type.Integer(),
    compound_id: Type.Optional(Type.Integer()),
    road_id: Type.Optional(Type.Integer()),
    name: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    households: Type.Optional(Type.Number()),
    year_built: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    road_class: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    length_m: Type.Optional(Type.Number()),
    reports: Type.Optional(Type.Integer()),
    open_reports: Type.Optional(Type.Integer()),
    project_ids: Type.Optional(Type.Array(Type.Integer())),
    i: Type.Optional(Type.Integer({ description: 'grid: the hexagon\'s column' })),
    j: Type.Optional(Type.Integer({ description: 'grid: the hexagon\'s row' })),
    households_uncovered: Type.Optional(Type.Number()),
    compounds: Type.Optional(Type.Integer()),
  }),
});
export type GapFeature = Static<typeof GapFeature>;

export const GapCollection = Type.Object({ type: Type.Literal('FeatureCollection'), features: Type.Array(GapFeature) });
export type GapCollection = Static<typeof GapCollection>;
