import type pg from 'pg';
import { keepCovered } from './fit.js';
import { distanceKm, pointInBox, pointNear, type BBox, type Position } from './geometry.js';
import type { SeedLog } from './log.js';
import { RURAL_COMMUNITY_ROOTS, URBAN_COMMUNITY_ROOTS, type DistrictPlan, type NamePair, type StreetPlan } from './places.js';
import type { Random } from './random.js';

/** A made-up area and the seed point its Voronoi cell grew from (always inside it). */
export interface SeededArea {
  code: string;
  name: string;
  nameEn: string;
  seed: Position;
}

export interface DemoStreet extends SeededArea {
  urban: boolean;
  communities: SeededArea[];
}

export interface DemoDistrict {
  plan: DistrictPlan;
  seat: Position;
  streets: DemoStreet[];
}

/**
 * The seat as planned when it lies inside the (repaired) boundary, otherwise a
 * point on the boundary's surface: the plan's coordinates are approximate.
 */
const SEAT_INSIDE = `
  SELECT a.code,
         ST_Covers(a.geom, s.pt) AS inside,
         ST_X(ST_PointOnSurface(a.geom)) AS x, ST_Y(ST_PointOnSurface(a.geom)) AS y
    FROM json_to_recordset($1::json) AS r(code text, x float8, y float8)
    CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakePoint(r.x, r.y), 4326) AS pt) s
    JOIN areas a ON a.code = r.code
   ORDER BY a.code`;

const AREA_EXTENTS = `
  SELECT code, ST_XMin(geom) AS xmin, ST_YMin(geom) AS ymin, ST_XMax(geom) AS xmax, ST_YMax(geom) AS ymax,
         ST_Area(geom::geography) / 1e6 AS km2
    FROM areas WHERE code = ANY ($1::text[])`;

/**
 * Children that exactly partition their parents: the Voronoi cells of the seed
 * points, clipped to the parent. Each cell is matched back to its seed by
 * containment, since ST_VoronoiPolygons does not keep the input order. The
 * parent is passed as extend_to so the diagram reaches every corner of it.
 */
const INSERT_VORONOI_CHILDREN = `
  INSERT INTO areas (code, name, name_en, level, parent_id, geom, is_demo)
  WITH seeds AS MATERIALIZED (
    SELECT s.code, s.name, s.name_en, p.id AS parent_id, ST_SetSRID(ST_MakePoint(s.x, s.y), 4326) AS pt
      FROM json_to_recordset($1::json) AS s(parent_code text, code text, name text, name_en text, x float8, y float8)
      JOIN areas p ON p.code = s.parent_code
  ), cells AS (
    SELECT s.parent_id, (ST_Dump(ST_VoronoiPolygons(ST_Collect(s.pt), 0, p.geom))).geom AS cell
      FROM seeds s
      JOIN areas p ON p.id = s.parent_id
     GROUP BY s.parent_id, p.id
  )
  SELECT s.code, s.name, s.name_en, $2::text, s.parent_id,
         ST_Multi(ST_CollectionExtract(ST_Intersection(c.cell, p.geom), 3)), true
    FROM seeds s
    JOIN cells c ON c.parent_id = s.parent_id AND ST_Intersects(c.cell, s.pt)
    JOIN areas p ON p.id = s.parent_id
   ORDER BY s.code`;

interface Extent extends BBox {
  code: string;
  km2: number;
}

export async function loadStreetsAndCommunities(
  client: pg.PoolClient,
  random: Random,
  plans: readonly DistrictPlan[],
  log: SeedLog,
): Promise<DemoDistrict[]> {
  const seats = await checkedSeats(client, plans, log);
  const districts = await placeStreets(client, random, plans, seats);
  await insertChildren(client, 'street', districts.flatMap((d) => d.streets.map((s) => ({ parentCode: d.plan.code, area: s }))));
  await placeCommunities(client, random, districts);
  await insertChildren(
    client,
    'community',
    districts.flatMap((d) => d.streets.flatMap((s) => s.communities.map((c) => ({ parentCode: s.code, area: c })))),
  );
  return districts;
}

async function checkedSeats(client: pg.PoolClient, plans: readonly DistrictPlan[], log: SeedLog): Promise<Map<string, Position>> {
  const payload = plans.map((p) => ({ code: p.code, x: p.seat[0], y: p.seat[1] }));
  const { rows } = await client.query<{ code: string; inside: boolean; x: number; y: number }>(SEAT_INSIDE, [JSON.stringify(payload)]);
  const seats = new Map<string, Position>();
  for (const plan of plans) {
    const row = rows.find((r) => r.code === plan.code);
    if (!row) throw new Error(`district ${plan.code} (${plan.name}) is missing from the boundaries`);
    if (row.inside) {
      seats.set(plan.code, [plan.seat[0], plan.seat[1]]);
    } else {
      log.warn(`seat of ${plan.name} ${plan.seat.join(',')} lies outside its boundary; using ${row.x},${row.y}`);
      seats.set(plan.code, [row.x, row.y]);
    }
  }
  return seats;
}

async function extents(client: pg.PoolClient, codes: readonly string[]): Promise<Map<string, Extent>> {
  const { rows } = await client.query<Extent>(AREA_EXTENTS, [codes]);
  return new Map(rows.map((r) => [r.code, r]));
}

interface PointRequest {
  areaCode: string;
  /** Points tried in order; the first fitting ones win. */
  candidates: Position[];
  count: number;
  minSpacingKm: number;
}

/**
 * For each request, `count` of its candidates that lie inside the area and keep
 * their distance from each other. The spacing is relaxed step by step rather
 * than failing, because some parents are thin or ragged.
 */
async function choosePoints(client: pg.PoolClient, requests: readonly PointRequest[]): Promise<Position[][]> {
  const flat = requests.flatMap((r, ri) =>
    r.candidates.map((p) => ({ ri, areaCode: r.areaCode, geometry: { type: 'Point' as const, coordinates: p } })),
  );
  const fitting = await keepCovered(client, flat);
  return requests.map((request, ri) => {
    const inside = fitting.filter((f) => f.ri === ri).map((f) => f.geometry.coordinates);
    for (let spacing = request.minSpacingKm; spacing > 0.01; spacing *= 0.7) {
      const chosen = spreadOut(inside, request.count, spacing);
      if (chosen.length === request.count) return chosen;
    }
    throw new Error(`could not place ${request.count} points inside ${request.areaCode}`);
  });
}

function spreadOut(points: readonly Position[], count: number, spacingKm: number): Position[] {
  const chosen: Position[] = [];
  for (const p of points) {
    if (chosen.length === count) break;
    if (chosen.every((q) => distanceKm(p, q) >= spacingKm)) chosen.push(p);
  }
  return chosen;
}

/**
 * Urban streets get seeds around the seat (the first one on it), rural towns
 * anywhere else in the county, well away from the town.
 */
async function placeStreets(
  client: pg.PoolClient,
  random: Random,
  plans: readonly DistrictPlan[],
  seats: Map<string, Position>,
): Promise<DemoDistrict[]> {
  const boxes = await extents(client, plans.map((p) => p.code));
  const requests: PointRequest[] = [];
  for (const plan of plans) {
    const seat = seats.get(plan.code) as Position;
    const box = boxes.get(plan.code) as Extent;
    const urban = plan.streets.filter((s) => s.urban).length;
    const rural = plan.streets.length - urban;
    const urbanCandidates = [seat, ...Array.from({ length: 200 }, () => pointNear(random, seat, plan.urbanRadiusKm * 0.8))];
    requests.push({ areaCode: plan.code, candidates: urbanCandidates, count: urban, minSpacingKm: plan.urbanRadiusKm * 0.45 });
    const ruralCandidates = Array.from({ length: 400 }, () => pointInBox(random, box)).filter(
      (p) => distanceKm(p, seat) > plan.urbanRadiusKm * 1.6,
    );
    requests.push({ areaCode: plan.code, candidates: ruralCandidates, count: rural, minSpacingKm: Math.sqrt(box.km2 / Math.max(rural, 1)) * 0.6 });
  }
  const chosen = await choosePoints(client, requests);
  return plans.map((plan, i) => {
    const urbanSeeds = [...(chosen[2 * i] ?? [])];
    const ruralSeeds = [...(chosen[2 * i + 1] ?? [])];
    const streets = plan.streets.map((s, j): DemoStreet => ({
      code: `${plan.code}${String(j + 1).padStart(3, '0')}`,
      name: s.name,
      nameEn: s.nameEn,
      urban: s.urban,
      seed: (s.urban ? urbanSeeds.shift() : ruralSeeds.shift()) as Position,
      communities: [],
    }));
    return { plan, seat: seats.get(plan.code) as Position, streets };
  });
}

/** Fills each street's communities: seeds anywhere in the street, names from the article first, then the pools. */
async function placeCommunities(client: pg.PoolClient, random: Random, districts: DemoDistrict[]): Promise<void> {
  const streets = districts.flatMap((d) => d.streets.map((s, j) => ({ street: s, plan: d.plan.streets[j] as StreetPlan })));
  const boxes = await extents(client, streets.map((s) => s.street.code));
  const requests = streets.map(({ street, plan }): PointRequest => {
    const box = boxes.get(street.code) as Extent;
    // Urban communities crowd round the street's own centre, where people live.
    const candidates = street.urban
      ? [street.seed, ...Array.from({ length: 150 }, () => pointNear(random, street.seed, Math.sqrt(box.km2) * 0.6))]
      : Array.from({ length: 150 }, () => pointInBox(random, box));
    return { areaCode: street.code, candidates, count: plan.communityCount, minSpacingKm: Math.sqrt(box.km2 / plan.communityCount) * 0.5 };
  });
  const chosen = await choosePoints(client, requests);
  for (const district of districts) {
    const urbanRoots = random.shuffle(URBAN_COMMUNITY_ROOTS);
    const ruralRoots = random.shuffle(RURAL_COMMUNITY_ROOTS);
    const named = new Set(district.plan.streets.flatMap((s) => (s.namedCommunities ?? []).map(([n]) => n)));
    const nextName = (urban: boolean): NamePair => {
      const roots = urban ? urbanRoots : ruralRoots;
      for (;;) {
        const root = roots.shift();
        if (!root) throw new Error(`ran out of community names in ${district.plan.name}`);
        const pair: NamePair = urban ? [`${root[0]}社区`, `${root[1]} Community`] : [`${root[0]}村`, `${root[1]} Village`];
        if (!named.has(pair[0])) return pair;
      }
    };
    district.plan.streets.forEach((plan, j) => {
      const street = district.streets[j] as DemoStreet;
      const seeds = chosen[streets.findIndex((s) => s.street === street)] ?? [];
      street.communities = seeds.map((seed, k) => {
        const [name, nameEn] = plan.namedCommunities?.[k] ?? nextName(street.urban);
        return { code: `${street.code}${String(k + 1).padStart(3, '0')}`, name, nameEn, seed };
      });
    });
  }
}

async function insertChildren(
  client: pg.PoolClient,
  level: 'street' | 'community',
  children: readonly { parentCode: string; area: SeededArea }[],
): Promise<void> {
  const payload = children.map(({ parentCode, area }) => ({
    parent_code: parentCode,
    code: area.code,
    name: area.name,
    name_en: area.nameEn,
    x: area.seed[0],
    y: area.seed[1],
  }));
  const result = await client.query(INSERT_VORONOI_CHILDREN, [JSON.stringify(payload), level]);
  if (result.rowCount !== children.length) {
    throw new Error(`expected ${children.length} ${level} areas, inserted ${result.rowCount ?? 0}`);
  }
}
