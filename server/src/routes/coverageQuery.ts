import { Type, type Static } from 'typebox';
import { COVERAGE_BOUNDS, COVERAGE_DEFAULTS, COVERAGE_KINDS, type CoverageParams } from '../domain/coverage.js';

const metres = (description: string, fallback: number) =>
  Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: COVERAGE_BOUNDS.radius.maximum, default: fallback, description }));

/**
 * The kind and the parameters of coverage, as every route measuring it or
 * drawing its gaps takes them (coverage, gaps, gap tiles): one schema, so the
 * panel's figure, its list of gaps and the map's gaps are asked alike.
 */
export const CoverageParamsQuery = {
  kind: Type.Enum(COVERAGE_KINDS),
  radius: metres('charging: walking distance to a working site, metres', COVERAGE_DEFAULTS.radius),
  year: Type.Optional(Type.Integer({ ...COVERAGE_BOUNDS.year, default: COVERAGE_DEFAULTS.year, description: 'renovation: old = built in or before' })),
  distance: metres('streetlights: distance from a repaired light that lights a road, metres', COVERAGE_DEFAULTS.distance),
  hotspot_radius: metres('drainage: reports this close together form a hotspot, metres', COVERAGE_DEFAULTS.hotspotRadius),
  hotspot_reports: Type.Optional(
    Type.Integer({ ...COVERAGE_BOUNDS.hotspotReports, default: COVERAGE_DEFAULTS.hotspotReports, description: 'drainage: reports that make a hotspot' }),
  ),
};

type CoverageParamsValues = Static<ReturnType<typeof Type.Object<typeof CoverageParamsQuery>>>;

/** The parameters a query string sets, the defaults for the rest. */
export function coverageParamsOf(q: Omit<CoverageParamsValues, 'kind'>): CoverageParams {
  return {
    radius: q.radius ?? COVERAGE_DEFAULTS.radius,
    year: q.year ?? COVERAGE_DEFAULTS.year,
    distance: q.distance ?? COVERAGE_DEFAULTS.distance,
    hotspotRadius: q.hotspot_radius ?? COVERAGE_DEFAULTS.hotspotRadius,
    hotspotReports: q.hotspot_reports ?? COVERAGE_DEFAULTS.hotspotReports,
  };
}
