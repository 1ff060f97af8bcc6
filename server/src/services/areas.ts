import type pg from 'pg';
import { withTransaction } from '../db/transaction.js';
import { PARENT_LEVEL, type AreaLevel } from '../domain/area.js';
import { bodyError, InvalidInputError, type FieldError } from '../domain/errors.js';
import { geometryErrors } from '../domain/geometry.js';
import { areaCodeTaken, areaLevel, boundaryProblem, insertArea, overlappingAreas, rederiveAreasWithin, renameArea } from '../queries/areas.js';

export interface NewArea {
  geometry: unknown;
  properties: { code: string; name: string; name_en: string; level: AreaLevel; parent_id?: number | null; prefecture?: string | null };
}

/**
 * Adds an area (an administrator's change): its boundary must be a valid
 * polygon, its parent of the level above, its code unused. Projects, compounds
 * and roads inside it are re-assigned to it in the same transaction.
 */
export async function addArea(pool: pg.Pool, area: NewArea): Promise<number> {
  return withTransaction(pool, async (client) => {
    const p = area.properties;
    const errors: FieldError[] = geometryErrors(area.geometry, ['Polygon', 'MultiPolygon']);
    const parentId = p.parent_id ?? null;
    const wanted = PARENT_LEVEL[p.level];
    if (wanted === null && parentId !== null) errors.push(bodyError('/properties/parent_id', 'a district has no parent', '区县没有上级区域'));
    if (wanted !== null) {
      const level = parentId === null ? undefined : await areaLevel(client, parentId);
      if (level !== wanted) {
        errors.push(bodyError('/properties/parent_id', `a ${p.level} needs a parent ${wanted}`, `${p.level === 'street' ? '街道须属于区县' : '社区须属于街道'}`));
      }
    }
    if (await areaCodeTaken(client, p.code, null)) errors.push(bodyError('/properties/code', `the code ${p.code} is taken`, `代码 ${p.code} 已被使用`));
    const geojson = JSON.stringify(area.geometry);
    if (errors.length === 0) {
      const problem = await boundaryProblem(client, geojson);
      if (problem) errors.push(bodyError('/geometry', `invalid boundary: ${problem}`, `边界无效:${problem}`));
      const overlaps = problem ? [] : await overlappingAreas(client, p.level, geojson);
      if (overlaps.length > 0) {
        errors.push(bodyError('/geometry', `the boundary overlaps ${overlaps.join(', ')}: areas of one level must not overlap`, `边界与${overlaps.join('、')}重叠,同级区域不能重叠`));
      }
    }
    if (errors.length > 0) throw new InvalidInputError(errors);
    const id = await insertArea(client, { ...p, parent_id: parentId, prefecture: p.prefecture ?? null, geojson });
    await rederiveAreasWithin(client, id);
    return id;
  });
}

export async function changeAreaNames(pool: pg.Pool, id: number, patch: { code?: string; name?: string; name_en?: string }, current: { code: string; name: string; name_en: string }): Promise<void> {
  await withTransaction(pool, async (client) => {
    if (patch.code !== undefined && patch.code !== current.code && (await areaCodeTaken(client, patch.code, id))) {
      throw new InvalidInputError([bodyError('/code', `the code ${patch.code} is taken`, `代码 ${patch.code} 已被使用`)]);
    }
    await renameArea(client, id, { code: patch.code ?? current.code, name: patch.name?.trim() ?? current.name, name_en: patch.name_en?.trim() ?? current.name_en });
  });
}
