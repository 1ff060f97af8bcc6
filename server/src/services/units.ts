import type pg from 'pg';
import { withTransaction } from '../db/transaction.js';
import { bodyError, InvalidInputError, NotFoundError, type FieldError } from '../domain/errors.js';
import { areaLevel } from '../queries/areas.js';
import { insertUnit, unitById, unitNameTaken, updateUnit, type UnitRow } from '../queries/units.js';

export interface UnitInput {
  name: string;
  name_en?: string | null;
  district_id?: number | null;
  short_names?: string[];
}

async function unitErrors(client: pg.PoolClient, u: { name: string; district_id: number | null }, exceptId: number | null): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (u.district_id !== null) {
    const level = await areaLevel(client, u.district_id);
    if (level !== 'district') {
      errors.push(bodyError('/district_id', level ? `area ${u.district_id} is a ${level}, not a district` : `there is no area ${u.district_id}`, '须为区县'));
    }
  }
  if (await unitNameTaken(client, u.name, u.district_id, exceptId)) {
    errors.push(bodyError('/name', `the district already has a unit called ${u.name}`, `该区县已有名为“${u.name}”的责任单位`));
  }
  return errors;
}

export async function createUnit(pool: pg.Pool, input: UnitInput): Promise<UnitRow> {
  return withTransaction(pool, async (client) => {
    const unit = {
      name: input.name.trim(),
      name_en: input.name_en?.trim() || null,
      district_id: input.district_id ?? null,
      short_names: shortNamesOf(input.short_names ?? []),
    };
    const errors = await unitErrors(client, unit, null);
    if (errors.length > 0) throw new InvalidInputError(errors);
    return insertUnit(client, unit);
  });
}

export async function changeUnit(pool: pg.Pool, id: number, patch: Partial<UnitInput>): Promise<UnitRow> {
  return withTransaction(pool, async (client) => {
    const current = await unitById(client, id);
    if (!current) throw new NotFoundError(`unit ${id} does not exist`);
    const unit = {
      name: patch.name?.trim() ?? current.name,
      name_en: patch.name_en !== undefined ? patch.name_en?.trim() || null : current.name_en,
      district_id: patch.district_id !== undefined ? patch.district_id : current.district_id,
      short_names: patch.short_names !== undefined ? shortNamesOf(patch.short_names) : current.short_names,
    };
    const errors = await unitErrors(client, unit, id);
    if (errors.length > 0) throw new InvalidInputError(errors);
    return updateUnit(client, id, unit);
  });
}

/** Trimmed, each once, in the order given. */
function shortNamesOf(names: string[]): string[] {
  return [...new Set(names.map((n) => n.trim()).filter((n) => n !== ''))];
}
