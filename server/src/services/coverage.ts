import type pg from 'pg';
import { COVERAGE_METRICS, onTimeRate, ratio, type CoverageFigures, type CoverageKind, type CoverageParams } from '../domain/coverage.js';
import { OPEN_STATUSES } from '../domain/status.js';
import { chargingCoverage, drainageFigures, lightingCoverage, loopFigures, renovationCoverage } from '../queries/coverage.js';

/** The headline ratio of a kind for an area, with the figures behind it. */
async function headline(db: pg.Pool, areaId: number, kind: CoverageKind, params: CoverageParams): Promise<CoverageFigures> {
  const unit = COVERAGE_METRICS[kind].unit;
  switch (kind) {
    case 'charging': {
      const f = await chargingCoverage(db, areaId, params.radius);
      return {
        numerator: f.households_covered,
        denominator: f.households,
        ratio: ratio(f.households_covered, f.households),
        unit,
        extras: { compounds: f.compounds, sites: f.sites, piles: f.piles, piles_per_100_households: f.households > 0 ? (f.piles * 100) / f.households : null },
      };
    }
    case 'compound': {
      const f = await renovationCoverage(db, areaId, params.year);
      return {
        numerator: f.old_renovated,
        denominator: f.old,
        ratio: ratio(f.old_renovated, f.old),
        unit,
        extras: {
          households_renovated: f.households_renovated,
          households_old: f.households_old,
          households_ratio: ratio(f.households_renovated, f.households_old),
        },
      };
    }
    case 'streetlight': {
      const f = await lightingCoverage(db, areaId, params.distance);
      return { numerator: f.lit_m, denominator: f.road_m, ratio: ratio(f.lit_m, f.road_m), unit, extras: { roads: f.roads } };
    }
    case 'drainage': {
      const f = await drainageFigures(db, areaId, { radius: params.hotspotRadius, reports: params.hotspotReports });
      return {
        numerator: f.resolved,
        denominator: f.reported,
        ratio: ratio(f.resolved, f.reported),
        unit,
        extras: {
          open: f.open,
          area_km2: f.area_km2,
          open_per_km2: f.area_km2 > 0 ? f.open / f.area_km2 : null,
          hotspots: f.hotspots,
          unresolved_hotspots: f.unresolved_hotspots,
        },
      };
    }
  }
}

export async function coverageOf(db: pg.Pool, areaId: number, kind: CoverageKind, params: CoverageParams, today: string) {
  const [main, loop] = [await headline(db, areaId, kind, params), await loopFigures(db, areaId, kind, today, OPEN_STATUSES)];
  return {
    ...main,
    loop: {
      by_status: loop.by_status,
      overdue: loop.overdue,
      on_time: onTimeRate(loop.completed_on_time, loop.completed, loop.overdue),
      median_days_to_complete: loop.median_days,
      mean_days_to_complete: loop.mean_days,
    },
  };
}
