import { readFile } from 'node:fs/promises';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { RequestRefusedError } from '../../domain/errors.js';
import { readBoundaryFile } from './readBoundaryFile.js';

const sample = (name: string) => readFile(new URL(`../../../../data/samples/${name}`, import.meta.url));

describe('reading boundary files as districts send them', () => {
  it('reads a KMZ: the KML zipped, as Google Earth and survey apps save it', async () => {
    const zip = new JSZip();
    zip.file('doc.kml', await sample('清溪区城关街道-社区.kml'));
    const [layer] = await readBoundaryFile('社区.kmz', await zip.generateAsync({ type: 'nodebuffer' }));
    expect(layer).toMatchObject({ format: 'kml', crs: { code: 'EPSG:4326' } });
    expect(layer!.features.map((f) => f.properties['社区名称'])).toEqual(['城关社区', '文昌社区', '北门社区', '东湖村']);
  });

  it('reads every Shapefile of a zip as a layer of its own, whatever the case of the extensions', async () => {
    const zip = new JSZip();
    for (const file of ['清溪区-区县界.zip', '清溪区-街道界.zip']) {
      const inner = await JSZip.loadAsync(await sample(file));
      for (const [name, entry] of Object.entries(inner.files)) zip.file(`行政区划/${name.replace(/\.shp$/, '.SHP')}`, await entry.async('nodebuffer'));
    }
    const layers = await readBoundaryFile('清溪区行政区划.zip', await zip.generateAsync({ type: 'nodebuffer' }));
    expect(layers.map((l) => [l.name, l.features.length, l.crs?.code])).toEqual([
      ['区县界', 1, 'EPSG:4490'],
      ['街道界', 6, 'EPSG:4547'],
    ]);
  });

  it('follows the coordinate system a 2008 GeoJSON names, and refuses one it will not guess', async () => {
    const geojson = (name: string) =>
      Buffer.from(JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name } }, features: [{ type: 'Feature', properties: { 名称: '甲' }, geometry: { type: 'Point', coordinates: [402000, 3100000] } }] }));
    const [gk] = await readBoundaryFile('a.geojson', geojson('urn:ogc:def:crs:EPSG::4547'));
    expect(gk!.crs).toMatchObject({ code: 'EPSG:4547', source: 'file' });
    const [beijing] = await readBoundaryFile('b.geojson', geojson('urn:ogc:def:crs:EPSG::2435'));
    expect(beijing!.crs).toBeNull();
    expect(beijing!.crs_problem!.zh).toMatch(/北京54/);
  });

  it('refuses more features than the bound before keeping any', async () => {
    const features = Array.from({ length: 20_001 }, () => ({ type: 'Feature', properties: {}, geometry: null }));
    const refusal = await readBoundaryFile('big.geojson', Buffer.from(JSON.stringify({ type: 'FeatureCollection', features }))).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(RequestRefusedError);
    expect(refusal).toMatchObject({ statusCode: 413, code: 'BOUNDARY_FILE_TOO_LARGE', details: { bound: 'features', limit: 20_000 } });
  });
});
