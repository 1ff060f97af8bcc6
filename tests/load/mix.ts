import type autocannon from 'autocannon';
import { OPEN_STATUSES } from '../../server/src/domain/status.js';
import { TILE_LAYERS } from '../../server/src/domain/tileLayers.js';
import { SPREAD } from '../bench/syntheticData.js';
import { tileAt } from '../helpers/tiles.js';

/**
 * What each kind of simulated user asks for. Every sequence is deterministic
 * (derived from the request's number), so two runs ask the same things in the
 * same order, and stays where the synthetic projects are.
 */

/** A number in [0, 1) that depends only on `i` and `salt`. */
function unit(i: number, salt: number): number {
  const x = Math.sin(i * 12.9898 + salt * 78.233) * 43758.5453;
  return x - Math.floor(x);
}

/** A position in the synthetic data, more often near the middle where the projects crowd. */
function placeOf(i: number): [number, number] {
  const towardsMiddle = (u: number) => 0.5 + (u - 0.5) * 0.7;
  return [SPREAD.lon + SPREAD.width * towardsMiddle(unit(i, 1)), SPREAD.lat + SPREAD.height * towardsMiddle(unit(i, 2))];
}

/** Cycles through `count` paths made by `make`, one after another across all connections. */
function cycling(make: (i: number) => string, count = 1_000): () => string {
  const paths = Array.from({ length: count }, (_, i) => make(i));
  let next = 0;
  return () => paths[next++ % paths.length]!;
}

const fixed = (n: number) => n.toFixed(5);

/**
 * The list as the map's side panel asks for it: a view's bbox (a few streets
 * to a town) and the filters a planner sets, with the client's page size.
 */
export const listPath = cycling((i) => {
  const [lon, lat] = placeOf(i);
  const half = 0.005 + 0.015 * unit(i, 3);
  const query = new URLSearchParams({ bbox: [lon - half, lat - half * 0.75, lon + half, lat + half * 0.75].map(fixed).join(','), limit: '5000' });
  if (i % 4 === 1 || i % 4 === 3) query.set('kind', ['streetlight', 'drainage', 'charging,streetlight'][i % 3]!);
  if (i % 4 === 2) query.set('status', OPEN_STATUSES.join(','));
  if (i % 4 === 3) query.set('reported_from', '2024-06-01');
  return `/api/projects?${query}`;
});

/** The z/x/y of the tile of a layer holding a place, at a zoom kept within the layer's range. */
function tilePart(layer: keyof typeof TILE_LAYERS, place: [number, number], zoom: number): string {
  const z = Math.max(TILE_LAYERS[layer].minZoom, Math.min(TILE_LAYERS[layer].maxZoom, zoom));
  const { x, y } = tileAt(place, z);
  return `${z}/${x}/${y}`;
}

/** Project tiles at the zooms a map of a town shows (12–15), around the data. */
export const tilePath = cycling((i) => `/tiles/projects/${tilePart('projects', placeOf(i), 12 + (i % 4))}.mvt`);

/** Where a gap of a kind is: a compound, road or hotspot the gaps list gave. */
export interface GapPlace {
  kind: string;
  place: [number, number];
}

/**
 * Gap tiles as the coverage map asks for them (z12–14) where gaps are, with
 * each kind's default parameters: a leader looking over the unserved
 * compounds, unlit roads or hotspots of a district.
 */
export function gapTilePaths(gaps: GapPlace[]): () => string {
  if (gaps.length === 0) throw new Error('no gaps to ask tiles of: the demo data has compounds and roads');
  return cycling((i) => {
    const { kind, place } = gaps[i % gaps.length]!;
    return `/tiles/gaps/${tilePart('gaps', place, 12 + (i % 3))}.mvt?kind=${kind}`;
  });
}

/** Coverage of each kind for each of the given areas (the demo districts and streets). */
export function coveragePaths(areaIds: number[], kinds: readonly string[]): () => string {
  const all = areaIds.flatMap((area) => kinds.map((kind) => `/api/coverage?area=${area}&kind=${kind}`));
  return cycling((i) => all[i % all.length]!, all.length);
}

/** A new project somewhere in the data, of one of the point kinds. */
export function newProjectBody(i: number): string {
  return JSON.stringify({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: placeOf(i + 500_000).map((c) => Number(fixed(c))) },
    properties: {
      kind: ['streetlight', 'drainage', 'charging'][i % 3],
      title: `负载测试新建 ${i}`,
      address: `负载测试路 ${i} 号`,
      households_benefited: i % 300,
    },
  });
}

/** An edit of a project the writer owns, based on the version it last saw. */
export function editBody(version: number): string {
  return JSON.stringify({ version, properties: { title: `负载测试编辑 第 ${version} 版`, households_benefited: version % 500 } });
}

/** A request whose path (and body) is made afresh each time it is sent. */
export function dynamicRequest(method: 'GET' | 'POST', path: () => string, body?: (i: number) => string): autocannon.Request {
  let sent = 0;
  return {
    method,
    setupRequest: (request) => ({ ...request, path: path(), ...(body ? { body: body(sent++) } : {}) }),
  };
}
