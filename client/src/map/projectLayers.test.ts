import { describe, expect, it } from 'vitest';
import type { LayerSpecification } from 'maplibre-gl';
import { KINDS } from '../../../server/src/domain/kinds/index.js';
import { TILE_LAYERS } from '../../../server/src/domain/tileLayers.js';
import { aggregateLayers } from './aggregateLayers.js';
import { layerVisibility } from './projectOverlay.js';
import {
  CLUSTER_LAYER_IDS,
  CLUSTER_PROPERTIES,
  PROJECT_LAYER_IDS,
  PROJECT_TILE_LAYER_IDS,
  projectLayers,
  projectTileLayers,
  SELECTION_SOURCE,
  selectionFilters,
  TILE_SOURCE,
  TILE_SOURCE_LAYER,
} from './projectLayers.js';

const byId = (layers: LayerSpecification[]) => new Map(layers.map((l) => [l.id, l]));

describe('projectTileLayers', () => {
  const geojson = byId(projectLayers(undefined));
  const tiles = projectTileLayers(undefined);

  it("read the server's projects layer from the tile source, and ring the selected project from its own source", () => {
    expect(TILE_SOURCE_LAYER).toBe(Object.keys(TILE_LAYERS)[0]);
    const [ring, drawn] = [tiles.filter((l) => l.id.startsWith('project-tile-selected-')), tiles.filter((l) => !l.id.startsWith('project-tile-selected-'))];
    for (const layer of drawn) expect(layer).toMatchObject({ source: TILE_SOURCE, 'source-layer': TILE_SOURCE_LAYER });
    expect(ring.map((l) => l.id).sort()).toEqual(['project-tile-selected-point', 'project-tile-selected-shape']);
    for (const layer of ring) expect(layer).toMatchObject({ source: SELECTION_SOURCE });
  });

  it('style each kind exactly as the GeoJSON layers do', () => {
    for (const kind of KINDS) {
      for (const part of ['point', 'symbol', 'line', 'fill']) {
        const tile = tiles.find((l) => l.id === `project-tile-${kind.code}-${part}`)!;
        const own = geojson.get(`project-${kind.code}-${part}`)!;
        expect(tile, `${kind.code} ${part}`).toMatchObject({ type: own.type, paint: own.paint });
        expect('layout' in tile ? tile.layout : undefined).toEqual('layout' in own ? own.layout : undefined);
        expect(tile.minzoom).toBe(own.minzoom);
      }
    }
  });

  it("count an overview cell's projects as the GeoJSON source's clusters are counted, and draw no count as a project", () => {
    for (const [own, tile] of [
      ['project-clusters', 'project-tile-clusters'],
      ['project-cluster-count', 'project-tile-cluster-count'],
    ] as const) {
      const [o, t] = [geojson.get(own)!, tiles.find((l) => l.id === tile)!];
      expect(t).toMatchObject({ type: o.type, paint: o.paint, filter: ['has', 'point_count'], source: TILE_SOURCE });
      expect('layout' in t && t.layout).toEqual('layout' in o && o.layout);
    }
    for (const kind of KINDS) {
      const point = tiles.find((l) => l.id === `project-tile-${kind.code}-point`)!;
      expect(JSON.stringify('filter' in point && point.filter)).toContain('["!",["has","point_count"]]');
    }
    // The ring reads the overdue count both sources give: the tiles' own, the clusters' summed from their projects.
    expect(JSON.stringify(geojson.get('project-clusters')!)).toContain('"overdue_count"');
    expect(CLUSTER_PROPERTIES.overdue_count).toEqual(['+', ['case', ['==', ['get', 'overdue'], true], 1, 0]]);
    expect(CLUSTER_LAYER_IDS).toEqual({ geojson: 'project-clusters', tiles: 'project-tile-clusters' });
  });

  it('draw points only in point layers: a circle layer would ring every vertex of a line', () => {
    for (const layer of tiles.filter((l) => l.type === 'circle' || l.type === 'symbol')) {
      // Counts are points by what the server makes of them.
      const filter = JSON.stringify('filter' in layer && layer.filter);
      expect(filter.includes('["==",["geometry-type"],"Point"]') || filter === '["has","point_count"]', layer.id).toBe(true);
    }
  });

  it('can be clicked as the GeoJSON layers can', () => {
    expect(PROJECT_TILE_LAYER_IDS).toEqual(PROJECT_LAYER_IDS.map((id) => id.replace(/^project-/, 'project-tile-')));
    for (const id of PROJECT_TILE_LAYER_IDS) expect(tiles.some((l) => l.id === id)).toBe(true);
  });
});

describe('selectionFilters', () => {
  it('ring the selected project in both sets of layers, by the feature id the tiles carry', () => {
    const filters = selectionFilters(42);
    expect(Object.keys(filters).sort()).toEqual(['project-selected-point', 'project-selected-shape', 'project-tile-selected-point', 'project-tile-selected-shape']);
    for (const filter of Object.values(filters)) expect(JSON.stringify(filter)).toContain('["==",["id"],42]');
    expect(JSON.stringify(selectionFilters(undefined))).not.toContain('42');
  });

  it('are the filters the layers start with', () => {
    const layers = byId([...projectLayers(42), ...projectTileLayers(42)]);
    for (const [id, filter] of Object.entries(selectionFilters(42))) expect(layers.get(id)).toMatchObject({ filter });
  });
});

describe('layerVisibility', () => {
  const geojsonIds = projectLayers(undefined).map((l) => l.id);
  const tileIds = [...projectTileLayers(undefined), ...aggregateLayers()].map((l) => l.id);

  it('shows one way of drawing the projects and hides the other', () => {
    const tiled = layerVisibility('tiles');
    expect(tileIds.every((id) => tiled[id] === 'visible')).toBe(true);
    expect(geojsonIds.every((id) => tiled[id] === 'none')).toBe(true);
    const whole = layerVisibility('geojson');
    expect(geojsonIds.every((id) => whole[id] === 'visible')).toBe(true);
    expect(tileIds.every((id) => whole[id] === 'none')).toBe(true);
  });
});
