import gcoord from 'gcoord';
import proj4 from 'proj4';

/**
 * The coordinate systems district boundary files come in, and the one way to
 * bring their positions to WGS-84 (EPSG:4326), which the areas table holds.
 *
 * CGCS2000 (EPSG:4490 and its Gauss-Krüger projections) is taken as WGS-84:
 * the two frames differ by centimetres, far below the precision of a street
 * boundary. Beijing 1954 and Xi'an 1980 are refused by name rather than
 * shifted by a guess: their datum shift is not public, and a boundary moved
 * by 100 m would put projects in the wrong street without a word.
 */
export type CrsChoice = string;

export interface Crs {
  /** What the admin reads: "EPSG:4547 CGCS2000 / 3-degree Gauss-Kruger CM 114E". */
  label: string;
  /** EPSG:xxxx, 'gcj02', or 'prj' for a .prj that names no code we know. */
  code: string;
  /** Positions of this system → [lon, lat] in WGS-84. */
  toWgs84: (position: [number, number]) => [number, number];
  projected: boolean;
}

export class CrsError extends Error {
  constructor(
    readonly en: string,
    readonly zh: string,
  ) {
    super(en);
  }
}

const identity = (p: [number, number]): [number, number] => [p[0], p[1]];

function fromProj4(definition: string): (p: [number, number]) => [number, number] {
  const converter = proj4(definition, 'EPSG:4326');
  return (p) => converter.forward([p[0], p[1]]) as [number, number];
}

const gaussKruger = (centralMeridian: number, falseEasting: number) =>
  `+proj=tmerc +lat_0=0 +lon_0=${centralMeridian} +k=1 +x_0=${falseEasting} +y_0=0 +ellps=GRS80 +units=m +no_defs`;

/** EPSG codes of CGCS2000 Gauss-Krüger, with the central meridian and false easting each implies. */
function cgcs2000GaussKruger(code: number): { label: string; proj: string } | null {
  if (code >= 4491 && code <= 4501) {
    const zone = code - 4491 + 13;
    return { label: `CGCS2000 / Gauss-Kruger zone ${zone}`, proj: gaussKruger(zone * 6 - 3, zone * 1_000_000 + 500_000) };
  }
  if (code >= 4502 && code <= 4512) {
    const cm = 75 + (code - 4502) * 6;
    return { label: `CGCS2000 / Gauss-Kruger CM ${cm}E`, proj: gaussKruger(cm, 500_000) };
  }
  if (code >= 4513 && code <= 4533) {
    const zone = code - 4513 + 25;
    return { label: `CGCS2000 / 3-degree Gauss-Kruger zone ${zone}`, proj: gaussKruger(zone * 3, zone * 1_000_000 + 500_000) };
  }
  if (code >= 4534 && code <= 4554) {
    const cm = 75 + (code - 4534) * 3;
    return { label: `CGCS2000 / 3-degree Gauss-Kruger CM ${cm}E`, proj: gaussKruger(cm, 500_000) };
  }
  return null;
}

/** Beijing 1954 and Xi'an 1980, geographic and projected: named so the refusal can say which. */
function oldChineseDatum(code: number): string | null {
  if (code === 4214 || (code >= 2401 && code <= 2442) || (code >= 21413 && code <= 21483)) return 'Beijing 1954';
  if (code === 4610 || (code >= 2327 && code <= 2400)) return "Xi'an 1980";
  return null;
}

/** A coordinate system named by the admin or a file: EPSG:4490, 4547, "gcj02", "wgs84". */
export function crsFromCode(choice: CrsChoice): Crs {
  const text = choice.trim().toLowerCase();
  if (text === 'gcj02' || text === 'gcj-02') {
    return {
      label: 'GCJ-02 (高德、腾讯等网络地图坐标)',
      code: 'gcj02',
      projected: false,
      toWgs84: (p) => gcoord.transform([p[0], p[1]], gcoord.GCJ02, gcoord.WGS84) as [number, number],
    };
  }
  if (text === 'wgs84' || text === 'wgs-84') return crsFromCode('EPSG:4326');
  const match = /^(?:epsg:)?(\d{4,5})$/.exec(text);
  if (!match) throw new CrsError(`"${choice}" is not a coordinate system: write an EPSG code such as EPSG:4490 or EPSG:4547, or gcj02`, `“${choice}”不是坐标系:请填写 EPSG 代码(如 EPSG:4490、EPSG:4547)或 gcj02`);
  const code = Number(match[1]);
  if (code === 4326) return { label: 'EPSG:4326 WGS 84', code: 'EPSG:4326', projected: false, toWgs84: identity };
  if (code === 4490) return { label: 'EPSG:4490 CGCS2000', code: 'EPSG:4490', projected: false, toWgs84: identity };
  if (code === 3857 || code === 900913) {
    return { label: 'EPSG:3857 Web Mercator', code: 'EPSG:3857', projected: true, toWgs84: fromProj4('EPSG:3857') };
  }
  const gk = cgcs2000GaussKruger(code);
  if (gk) return { label: `EPSG:${code} ${gk.label}`, code: `EPSG:${code}`, projected: true, toWgs84: fromProj4(gk.proj) };
  if ((code >= 32643 && code <= 32653) || (code >= 32743 && code <= 32753)) {
    const zone = code % 100;
    const south = code >= 32700 ? ' +south' : '';
    return { label: `EPSG:${code} WGS 84 / UTM zone ${zone}${south ? 'S' : 'N'}`, code: `EPSG:${code}`, projected: true, toWgs84: fromProj4(`+proj=utm +zone=${zone}${south} +datum=WGS84 +units=m +no_defs`) };
  }
  const old = oldChineseDatum(code);
  if (old) throw oldDatumError(old);
  throw new CrsError(
    `EPSG:${code} is not a coordinate system this importer reads: use CGCS2000 (EPSG:4490, 4491–4554), WGS 84 (4326), Web Mercator (3857), UTM (326xx) or GCJ-02`,
    `暂不支持 EPSG:${code}:支持 CGCS2000(EPSG:4490、4491–4554)、WGS 84(4326)、Web 墨卡托(3857)、UTM(326xx)与 GCJ-02`,
  );
}

const oldDatumError = (name: string) =>
  new CrsError(
    `the file is in ${name}, whose shift to CGCS2000 is not public: convert it to CGCS2000 (EPSG:4490 or its Gauss-Krüger projection) with the conversion parameters of your natural-resources bureau, then import it`,
    `文件坐标系为${name === 'Beijing 1954' ? '北京54' : '西安80'},其与 CGCS2000 的转换参数不公开:请先用自然资源部门提供的参数转换为 CGCS2000(EPSG:4490 或其高斯-克吕格投影)后再导入`,
  );

/** A .prj file's WKT, as ArcGIS and QGIS write it. */
export function crsFromPrj(wkt: string): Crs {
  const text = wkt.trim();
  const authority = /AUTHORITY\["EPSG",\s*"?(\d+)"?\]\s*\]\s*$/i.exec(text);
  if (authority) return crsFromCode(`EPSG:${authority[1]}`);
  if (/Beijing[_ ]1954|Beijing54/i.test(text)) throw oldDatumError('Beijing 1954');
  if (/Xian[_ ]1980|Xian80/i.test(text)) throw oldDatumError("Xi'an 1980");
  const projected = /^PROJCS\[/i.test(text);
  const cgcs = /China[_ ]Geodetic[_ ]Coordinate[_ ]System[_ ]2000|CGCS[_ ]?2000|D_China_2000/i.test(text);
  if (!projected) {
    if (cgcs) return crsFromCode('EPSG:4490');
    if (/WGS[_ ]?(19)?84/i.test(text)) return crsFromCode('EPSG:4326');
  }
  const gaussKrugerCode = cgcs ? cgcs2000GaussKrugerOfWkt(text) : null;
  if (gaussKrugerCode) return crsFromCode(`EPSG:${gaussKrugerCode}`);
  const name = /^\w+\["([^"]+)"/.exec(text)?.[1] ?? 'the .prj';
  try {
    const toWgs84 = fromProj4(text);
    toWgs84([500_000, 3_000_000]);
    return { label: name, code: 'prj', projected, toWgs84 };
  } catch {
    throw new CrsError(
      `the .prj (${name}) names a coordinate system this importer cannot read: give its EPSG code`,
      `.prj 文件(${name})中的坐标系无法识别:请填写其 EPSG 代码`,
    );
  }
}

const parameter = (wkt: string, name: string) => Number(new RegExp(`PARAMETER\\["${name}",\\s*(-?[\\d.]+)\\]`, 'i').exec(wkt)?.[1] ?? NaN);

/** The EPSG code of a CGCS2000 Gauss-Krüger .prj (ArcGIS names none), from its central meridian and false easting. */
function cgcs2000GaussKrugerOfWkt(wkt: string): number | null {
  if (!/PROJECTION\["(Gauss_Kruger|Transverse_Mercator)"\]/i.test(wkt)) return null;
  const cm = parameter(wkt, 'Central_Meridian');
  const easting = parameter(wkt, 'False_Easting');
  const scale = parameter(wkt, 'Scale_Factor');
  if (parameter(wkt, 'False_Northing') !== 0 || parameter(wkt, 'Latitude_Of_Origin') !== 0 || scale !== 1) return null;
  const threeDegree = /3_Degree|3-degree/i.test(wkt) || cm % 6 !== 3;
  if (easting === 500_000) {
    if (threeDegree && cm % 3 === 0 && cm >= 75 && cm <= 135) return 4534 + (cm - 75) / 3;
    if (!threeDegree && cm >= 75 && cm <= 135) return 4502 + (cm - 75) / 6;
    return null;
  }
  const zone = Math.floor(easting / 1_000_000);
  if (easting !== zone * 1_000_000 + 500_000) return null;
  if (threeDegree && zone * 3 === cm && zone >= 25 && zone <= 45) return 4513 + zone - 25;
  if (!threeDegree && zone * 6 - 3 === cm && zone >= 13 && zone <= 23) return 4491 + zone - 13;
  return null;
}

/**
 * A file without a coordinate system: its positions say whether they are
 * degrees, or Gauss-Krüger metres with a zone number in front of the easting
 * (38 402 000 is 402 km in 3° zone 38). Metres without a zone cannot be placed:
 * the admin must name the system.
 */
export function guessCrs(sample: [number, number][]): Crs | null {
  if (sample.length === 0) return null;
  const inDegrees = sample.every(([x, y]) => x >= 73 && x <= 136 && y >= 3 && y <= 54);
  if (inDegrees) return crsFromCode('EPSG:4326');
  const zones = new Set(sample.map(([x]) => Math.floor(x / 1_000_000)));
  const northings = sample.every(([, y]) => y >= 300_000 && y <= 6_000_000);
  if (zones.size === 1 && northings) {
    const zone = [...zones][0]!;
    if (zone >= 25 && zone <= 45) return crsFromCode(`EPSG:${4513 + zone - 25}`);
    if (zone >= 13 && zone <= 23) return crsFromCode(`EPSG:${4491 + zone - 13}`);
  }
  return null;
}
