import type pg from 'pg';
import type { DemoDistrict } from './areas.js';
import { keepCovered } from './fit.js';
import {
  bendingLine,
  distanceKm,
  offsetKm,
  pointNear,
  rectangle,
  rectangleCentre,
  type LineGeometry,
  type PointGeometry,
  type PolygonGeometry,
  type Position,
} from './geometry.js';
import { allocateIds } from './ids.js';
import {
  MINOR_ROAD_ROOTS,
  NEW_COMPOUND_ROOTS,
  NEW_COMPOUND_SUFFIXES,
  OLD_COMPOUND_PREFIXES,
  OLD_COMPOUND_SUFFIXES,
  RURAL_COMMUNITY_ROOTS,
  URBAN_COMMUNITY_ROOTS,
  VILLAGE_COMPOUND_SUFFIXES,
  type NamedCompound,
} from './places.js';
import type { Random } from './random.js';

/** Where a reference feature landed, for addresses: its community and street. */
export interface Located {
  id: number;
  districtCode: string;
  streetName: string;
  communityName: string;
}

export interface DemoCompound extends Located {
  name: string;
  households: number;
  yearBuilt: number;
  buildings: number;
  geometry: PolygonGeometry;
  centre: Position;
  urban: boolean;
}

export interface DemoRoad extends Located {
  name: string;
  roadClass: RoadClass;
  geometry: LineGeometry;
}

export type RoadClass = '主干路' | '次干路' | '支路';

/** Renovation programmes count compounds built in or before this year as old. */
export const OLD_COMPOUND_YEAR = 2000;

const INSERT_COMPOUNDS = `
  INSERT INTO compounds (id, name, households, year_built, geom, is_demo)
  OVERRIDING SYSTEM VALUE
  SELECT c.id, c.name, c.households, c.year_built, ST_SetSRID(ST_GeomFromGeoJSON(c.geometry::text), 4326), true
    FROM json_to_recordset($1::json) AS c(id bigint, name text, households integer, year_built integer, geometry json)
   ORDER BY c.id`;

const INSERT_ROADS = `
  INSERT INTO roads (id, name, road_class, geom, is_demo)
  OVERRIDING SYSTEM VALUE
  SELECT r.id, r.name, r.road_class, ST_SetSRID(ST_GeomFromGeoJSON(r.geometry::text), 4326), true
    FROM json_to_recordset($1::json) AS r(id bigint, name text, road_class text, geometry json)
   ORDER BY r.id`;

/** The community and street each feature's area_id (set by the trigger) points at. */
const LOCATE_COMPOUNDS = `
  SELECT f.id::int AS id, c.name AS community_name, s.name AS street_name
    FROM compounds f
    JOIN areas c ON c.id = f.area_id AND c.level = 'community'
    JOIN areas s ON s.id = c.parent_id
   WHERE f.id = ANY ($1::bigint[])`;
const LOCATE_ROADS = LOCATE_COMPOUNDS.replace('FROM compounds f', 'FROM roads f');

/** Filled in once the rows are stored and the trigger has placed them. */
const UNPLACED: Located = { id: 0, districtCode: '', streetName: '', communityName: '' };

export interface ReferenceLayers {
  compounds: DemoCompound[];
  roads: DemoRoad[];
}

export async function loadReferenceLayers(client: pg.PoolClient, random: Random, districts: readonly DemoDistrict[]): Promise<ReferenceLayers> {
  const compounds: DemoCompound[] = [];
  const roads: DemoRoad[] = [];
  for (const district of districts) {
    compounds.push(...(await placeCompounds(client, random, district)));
    roads.push(...(await placeRoads(client, random, district)));
  }
  await insertCompounds(client, compounds);
  await insertRoads(client, roads);
  return { compounds, roads };
}

interface CompoundDraft extends DemoCompound {
  /** Half the rectangle's diagonal, for keeping compounds apart. */
  reachKm: number;
  /** The community a named compound's centre must lie in (so the trigger files it there), else the district. */
  homeCode: string;
}

function compoundShape(random: Random, centre: Position, households: number): { geometry: PolygonGeometry; reachKm: number } {
  const widthKm = 0.07 + Math.sqrt(households / 2000) * 0.2 * random.float(0.8, 1.2);
  const heightKm = widthKm * random.float(0.55, 1.1);
  return { geometry: rectangle(centre, widthKm, heightKm, random.float(-0.4, 0.4)), reachKm: Math.hypot(widthKm, heightKm) / 2 };
}

/**
 * A named compound sits at (or, when that does not fit, a little way from) its
 * community's seed point, which lies inside the community.
 */
function namedCompoundDrafts(random: Random, district: DemoDistrict, named: NamedCompound): CompoundDraft[] {
  const community =
    district.streets.flatMap((s) => s.communities).find((c) => c.name === named.community) ??
    district.streets.find((s) => s.name === named.street)?.communities.at(-1);
  const home = community ? community.seed : pointNear(random, district.seat, district.plan.urbanRadiusKm * 0.4);
  const homeCode = community ? community.code : district.plan.code;
  return [home, ...Array.from({ length: 24 }, () => pointNear(random, home, 0.25))].map((centre) =>
    namedCompoundDraft(random, district, named, centre, homeCode),
  );
}

function namedCompoundDraft(random: Random, district: DemoDistrict, named: NamedCompound, centre: Position, homeCode: string): CompoundDraft {
  const shape = compoundShape(random, centre, named.households);
  return {
    ...UNPLACED,
    districtCode: district.plan.code,
    name: named.name,
    households: named.households,
    yearBuilt: named.yearBuilt,
    buildings: named.buildings,
    geometry: shape.geometry,
    centre: rectangleCentre(shape.geometry),
    urban: true,
    reachKm: shape.reachKm,
    homeCode,
  };
}

/**
 * Most compounds stand in the urban streets around the seat, a few near the
 * centres of rural towns; a good share were built before 2000, which is what
 * the renovation programmes count as old.
 */
function genericCompoundDraft(random: Random, district: DemoDistrict): CompoundDraft {
  const ruralStreets = district.streets.filter((s) => !s.urban);
  const urban = ruralStreets.length === 0 || random.chance(0.85);
  const centre = urban
    ? pointNear(random, district.seat, district.plan.urbanRadiusKm)
    : pointNear(random, random.pick(ruralStreets).seed, 1.2);
  const old = random.chance(0.55);
  const yearBuilt = old ? random.int(1970, OLD_COMPOUND_YEAR) : random.int(OLD_COMPOUND_YEAR + 1, 2022);
  const households = old ? random.int(50, random.chance(0.2) ? 1400 : 700) : random.int(180, 2000);
  const shape = compoundShape(random, centre, households);
  return {
    ...UNPLACED,
    districtCode: district.plan.code,
    name: '',
    households,
    yearBuilt,
    buildings: Math.max(1, Math.round(households / random.int(30, 90))),
    geometry: shape.geometry,
    centre: rectangleCentre(shape.geometry),
    urban,
    reachKm: shape.reachKm,
    homeCode: district.plan.code,
  };
}

function pointGeometry(coordinates: Position): PointGeometry {
  return { type: 'Point', coordinates };
}

function compoundName(random: Random, draft: CompoundDraft, roadNames: readonly string[]): string {
  if (!draft.urban) return `${random.pick(RURAL_COMMUNITY_ROOTS)[0]}${random.pick(VILLAGE_COMPOUND_SUFFIXES)}`;
  if (draft.yearBuilt > OLD_COMPOUND_YEAR) return `${random.pick(NEW_COMPOUND_ROOTS)}${random.pick(NEW_COMPOUND_SUFFIXES)}`;
  return random.weighted<() => string>([
    [() => `${random.pick(OLD_COMPOUND_PREFIXES)}${random.pick(OLD_COMPOUND_SUFFIXES)}`, 5],
    [() => `${random.pick(roadNames)}${random.int(1, 120)}号院`, 2],
    [() => `${random.pick(URBAN_COMMUNITY_ROOTS)[0]}新村`, 2],
  ])();
}

async function placeCompounds(client: pg.PoolClient, random: Random, district: DemoDistrict): Promise<CompoundDraft[]> {
  const { plan } = district;
  const named = plan.namedCompounds.flatMap((n) => namedCompoundDrafts(random, district, n));
  const generic = Array.from({ length: plan.compoundCount * 4 }, () => genericCompoundDraft(random, district));
  const homed = await keepCovered(client, [...named, ...generic].map((d) => ({ d, areaCode: d.homeCode, geometry: pointGeometry(d.centre) })));
  const fitting = await keepCovered(client, homed.map(({ d }) => ({ ...d, areaCode: plan.code })));
  const kept: CompoundDraft[] = [];
  for (const draft of fitting) {
    if (kept.length === plan.compoundCount) break;
    // Only one of a named compound's alternative sites is kept.
    if (draft.name !== '' && kept.some((k) => k.name === draft.name)) continue;
    if (kept.every((k) => distanceKm(k.centre, draft.centre) > (k.reachKm + draft.reachKm) * 1.15)) kept.push(draft);
  }
  const missing = plan.namedCompounds.filter((n) => !kept.some((k) => k.name === n.name));
  if (missing.length > 0) throw new Error(`named compounds do not fit in ${plan.name}: ${missing.map((m) => m.name).join(', ')}`);
  const used = new Set(plan.namedCompounds.map((n) => n.name));
  for (const draft of kept) {
    if (draft.name !== '') continue;
    let name = compoundName(random, draft, plan.roadNames);
    while (used.has(name)) name = compoundName(random, draft, plan.roadNames);
    used.add(name);
    draft.name = name;
  }
  return kept;
}

interface RoadDraft extends DemoRoad {
  main: boolean;
}

/**
 * Urban roads run roughly on a grid through the town, main roads across its
 * centre; rural roads leave the towns' centres in any direction.
 */
function roadDraft(random: Random, district: DemoDistrict, main: boolean): RoadDraft {
  const { plan, seat } = district;
  const ruralStreets = district.streets.filter((s) => !s.urban);
  const rural = !main && ruralStreets.length > 0 && random.chance(0.2);
  const gridAngle = random.pick([0, Math.PI / 2]) + random.float(-0.25, 0.25);
  let geometry: LineGeometry;
  if (rural) {
    const from = pointNear(random, random.pick(ruralStreets).seed, 0.8);
    geometry = bendingLine(random, from, random.float(0, 2 * Math.PI), random.float(1.5, 5), random.int(4, 8));
  } else {
    const lengthKm = main ? random.float(2, plan.urbanRadiusKm * 1.4) : random.float(0.5, 2.2);
    const middle = pointNear(random, seat, plan.urbanRadiusKm * (main ? 0.4 : 0.9));
    const start = offsetKm(middle, (-lengthKm / 2) * Math.cos(gridAngle), (-lengthKm / 2) * Math.sin(gridAngle));
    geometry = bendingLine(random, start, gridAngle, lengthKm, random.int(3, 6));
  }
  return { ...UNPLACED, districtCode: plan.code, name: '', roadClass: main ? '主干路' : '支路', geometry, main };
}

async function placeRoads(client: pg.PoolClient, random: Random, district: DemoDistrict): Promise<RoadDraft[]> {
  const { plan } = district;
  const mainCount = Math.max(3, Math.round(plan.roadCount * 0.15));
  const drafts = [
    ...Array.from({ length: mainCount * 4 }, () => roadDraft(random, district, true)),
    ...Array.from({ length: plan.roadCount * 3 }, () => roadDraft(random, district, false)),
  ];
  const fitting = await keepCovered(client, drafts.map((d) => ({ ...d, areaCode: plan.code })));
  const kept = [...fitting.filter((d) => d.main).slice(0, mainCount), ...fitting.filter((d) => !d.main)].slice(0, plan.roadCount);
  if (kept.length < plan.roadCount) throw new Error(`only ${kept.length} of ${plan.roadCount} roads fit in ${plan.name}`);
  const names = roadNames(random, plan.roadNames, kept.length);
  kept.forEach((road, i) => {
    road.name = names[i] as string;
    // The planned names are listed main roads first; below the main roads, the first third are collectors.
    if (!road.main) road.roadClass = i < mainCount + (kept.length - mainCount) / 3 ? '次干路' : '支路';
  });
  return kept;
}

/** The planned names first, then made-up 路/街/巷 names, all distinct. */
function roadNames(random: Random, planned: readonly string[], count: number): string[] {
  const madeUp = random.shuffle(MINOR_ROAD_ROOTS.flatMap((root) => ['路', '街', '巷'].map((suffix) => `${root}${suffix}`)));
  const names = [...planned, ...madeUp.filter((n) => !planned.includes(n))];
  if (names.length < count) throw new Error(`only ${names.length} road names for ${count} roads`);
  return names.slice(0, count);
}

async function insertCompounds(client: pg.PoolClient, compounds: DemoCompound[]): Promise<void> {
  const ids = await allocateIds(client, 'compounds', compounds.length);
  compounds.forEach((c, i) => (c.id = ids[i] as number));
  const payload = compounds.map((c) => ({ id: c.id, name: c.name, households: c.households, year_built: c.yearBuilt, geometry: c.geometry }));
  await client.query(INSERT_COMPOUNDS, [JSON.stringify(payload)]);
  await locate(client, 'compounds', compounds);
}

async function insertRoads(client: pg.PoolClient, roads: DemoRoad[]): Promise<void> {
  const ids = await allocateIds(client, 'roads', roads.length);
  roads.forEach((r, i) => (r.id = ids[i] as number));
  const payload = roads.map((r) => ({ id: r.id, name: r.name, road_class: r.roadClass, geometry: r.geometry }));
  await client.query(INSERT_ROADS, [JSON.stringify(payload)]);
  await locate(client, 'roads', roads);
}

async function locate(client: pg.PoolClient, table: 'compounds' | 'roads', features: Located[]): Promise<void> {
  const sql = table === 'compounds' ? LOCATE_COMPOUNDS : LOCATE_ROADS;
  const { rows } = await client.query<{ id: number; community_name: string; street_name: string }>(sql, [
    features.map((f) => f.id),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const feature of features) {
    const row = byId.get(feature.id);
    if (!row) throw new Error(`${table} ${feature.id} lies in no demo community`);
    feature.streetName = row.street_name;
    feature.communityName = row.community_name;
  }
}
