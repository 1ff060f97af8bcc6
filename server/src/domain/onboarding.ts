import { Type } from 'typebox';

/** The first-day checklist's answer (GET /api/onboarding): what a district has loaded so far. */
const Count = Type.Integer({ minimum: 0 });

export const OnboardingOutput = Type.Object({
  districts: Count,
  streets: Count,
  communities: Count,
  units: Count,
  units_with_short_names: Count,
  staff: Type.Object({ admin: Count, planner: Count, unit: Count, leader: Count }),
  compounds: Count,
  roads: Count,
  ledgers: Count,
  projects: Count,
  unplaced_rows: Count,
  demo_data: Type.Boolean({ description: 'the made-up demo data is loaded' }),
  basemap: Type.String({ description: 'the basemap the map draws under the projects: none, osm, tianditu, …' }),
});
