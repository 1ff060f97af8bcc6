import { describe, expect, it } from 'vitest';
import { CrsError, crsFromCode, crsFromPrj, guessCrs } from './crs.js';

// Expected positions from GDAL's gdaltransform (PROJ 9), an independent implementation.
const near = (actual: [number, number], expected: [number, number]) => {
  expect(actual[0]).toBeCloseTo(expected[0], 7);
  expect(actual[1]).toBeCloseTo(expected[1], 7);
};

describe('coordinate systems of boundary files', () => {
  it('reads CGCS2000 Gauss-Krüger by EPSG code, 3° and 6°, with and without the zone number', () => {
    near(crsFromCode('EPSG:4547').toWgs84([402_000, 3_100_000]), [113.003611080634, 28.0104497986567]);
    near(crsFromCode('4526').toWgs84([38_402_000, 3_100_000]), [113.003611080634, 28.0104497986567]);
    near(crsFromCode('EPSG:4497').toWgs84([19_650_000, 3_100_000]), [112.524958692452, 28.0056018471636]);
    near(crsFromCode('EPSG:4508').toWgs84([650_000, 3_100_000]), [112.524958692452, 28.0056018471636]);
  });

  it('reads UTM and Web Mercator', () => {
    near(crsFromCode('EPSG:32649').toWgs84([650_000, 3_100_000]), [112.525726454905, 28.0167849230486]);
    near(crsFromCode('EPSG:3857').toWgs84([12_579_000, 3_250_000]), [112.999079589395, 28.0081392371431]);
  });

  it('names the system of an ArcGIS .prj that carries no code', () => {
    const prj =
      'PROJCS["CGCS2000_3_Degree_GK_CM_114E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
    const crs = crsFromPrj(prj);
    expect(crs.code).toBe('EPSG:4547');
    near(crs.toWgs84([402_000, 3_100_000]), [113.003611080634, 28.0104497986567]);
    expect(crsFromPrj('GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101]]]').code).toBe('EPSG:4490');
  });

  it('moves GCJ-02 positions back by the few hundred metres web maps add', () => {
    const [lon, lat] = crsFromCode('gcj02').toWgs84([113.1, 28.1]);
    const metres = Math.hypot((lon - 113.1) * 98_000, (lat - 28.1) * 111_000);
    expect(metres).toBeGreaterThan(300);
    expect(metres).toBeLessThan(800);
  });

  it('refuses Beijing 1954 and Xian 1980 by name rather than shifting them by a guess', () => {
    expect(() => crsFromCode('EPSG:2435')).toThrow(/Beijing 1954/);
    expect(() => crsFromPrj('PROJCS["Xian_1980_3_Degree_GK_CM_114E",GEOGCS["GCS_Xian_1980"]]')).toThrow(/Xi'an 1980/);
    expect(() => crsFromCode('EPSG:27700')).toThrow(CrsError);
    expect(() => crsFromCode('北京')).toThrow(CrsError);
  });

  it('guesses degrees, and Gauss-Krüger metres that carry their zone number, but not bare metres', () => {
    expect(guessCrs([[113.1, 28.1]])?.code).toBe('EPSG:4326');
    expect(guessCrs([[38_402_000, 3_100_000]])?.code).toBe('EPSG:4526');
    expect(guessCrs([[402_000, 3_100_000]])).toBeNull();
  });
});
