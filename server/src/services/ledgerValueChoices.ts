import type pg from 'pg';
import { withTransaction } from '../db/transaction.js';
import { bodyError, InvalidInputError, NotFoundError, RequestRefusedError, type FieldError } from '../domain/errors.js';
import { findKind, type KindCode } from '../domain/kinds/index.js';
import { STATUSES, type Status } from '../domain/status.js';
import type { ValueDecisionInput, ValueEntryOutput, ValueListOutput, ValueTargetOutput } from '../domain/ledgerImport.js';
import { kindTarget, statusTarget, valueKey, type ValueChoices } from '../imports/ledgerReconcile.js';
import { cellText } from '../imports/ledgerValues.js';
import {
  addUnitShortName,
  areaOfLevel,
  importById,
  lockValueChoices,
  removeUnitShortName,
  saveReviewedValues,
  saveValueChoices,
  valueReviewOf,
} from '../queries/ledgerImports.js';
import { insertUnit, unitById, unitNameTaken } from '../queries/units.js';
import type { ImportContext } from './ledgerImports.js';

/**
 * The planner's decisions on the values a preview could not match exactly:
 * kept with the ledger (and, for a unit, as the unit's short name), applied
 * by the next preview. One transaction: all decisions, or none.
 */
export async function decideValues(ctx: ImportContext, importId: number, decisions: ValueDecisionInput[]): Promise<ValueListOutput> {
  const row = await importById(ctx.pool, importId);
  if (!row) throw new NotFoundError(`there is no import ${importId}`);
  if (row.state !== 'previewed' || row.ledger_id === null) {
    throw new RequestRefusedError(409, 'NOT_PREVIEWED', 'decide what values mean once the preview has listed them', '请在预览列出待核对的值之后再作决定');
  }
  const review = (await valueReviewOf(ctx.pool, importId)) ?? { values: [], total: 0 };
  const entryOf = (d: ValueDecisionInput) => review.values.find((e) => e.field === d.field && valueKey(e.value) === valueKey(d.value));
  const errors = decisionErrors(decisions, entryOf);
  if (errors.length > 0) throw new InvalidInputError(errors);
  const ledgerId = row.ledger_id;

  await withTransaction(ctx.pool, async (client) => {
    const choices = await lockValueChoices(client, ledgerId);
    for (const [i, d] of decisions.entries()) {
      const entry = entryOf(d);
      const target = await applyDecision(client, choices, d, entry, i);
      if (entry) entry.choice = target;
    }
    await saveValueChoices(client, ledgerId, choices);
    await saveReviewedValues(client, importId, review.values);
  });
  return review;
}

/** What can be checked before anything is written. */
function decisionErrors(decisions: ValueDecisionInput[], entryOf: (d: ValueDecisionInput) => ValueEntryOutput | undefined): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Map<string, number>();
  decisions.forEach((d, i) => {
    const at = (field: string, en: string, zh: string) => errors.push(bodyError(`/decisions/${i}/${field}`, en, zh));
    const key = `${d.field}\u0000${valueKey(d.value)}`;
    if (valueKey(d.value) === '') at('value', 'the value is blank', '值为空');
    if (seen.has(key)) at('value', `the same value as decision ${seen.get(key)}`, `与第 ${seen.get(key)! + 1} 项决定的值相同`);
    seen.set(key, i);
    const entry = entryOf(d);
    switch (d.action) {
      case 'accept':
        if (!entry) at('value', `the preview lists no ${d.field} "${d.value}"`, `预览中没有待核对的值“${d.value}”`);
        else if (!entry.suggestion) at('action', `there is no suggestion for "${d.value}" to accept: pick one, or create the unit`, `“${d.value}”没有可采纳的建议:请选择,或新建单位`);
        break;
      case 'pick':
        if (d.id === undefined) at('id', `pick needs the id of the ${d.field} the value means`, '“选择”须给出所选项的编号');
        else if ((d.field === 'unit' || d.field === 'street') !== (typeof d.id === 'number')) {
          at('id', d.field === 'unit' || d.field === 'street' ? `a ${d.field} is picked by its numeric id` : `a ${d.field} is picked by its code`, d.field === 'unit' || d.field === 'street' ? '单位或街道须以数字编号选择' : '类型或状态须以代码选择');
        } else if (d.field === 'kind' && !findKind(String(d.id))) at('id', `there is no kind ${d.id}`, `没有类型 ${d.id}`);
        else if (d.field === 'status' && !STATUSES.includes(d.id as Status)) at('id', `there is no status ${d.id}`, `没有状态 ${d.id}`);
        break;
      case 'create':
        if (d.field !== 'unit') at('action', 'only a unit can be created from a value', '只有责任单位可由值新建');
        break;
      case 'forget':
        break;
    }
    if (d.action !== 'pick' && d.id !== undefined) at('id', `is not used with ${d.action}`, '此操作不使用编号');
    if (d.action !== 'create' && d.name !== undefined) at('name', `is not used with ${d.action}`, '此操作不使用名称');
  });
  return errors;
}

/** Records one decision; refusals found only in the database stop the whole transaction. */
async function applyDecision(client: pg.PoolClient, choices: ValueChoices, d: ValueDecisionInput, entry: ValueEntryOutput | undefined, i: number): Promise<ValueTargetOutput | null> {
  const key = valueKey(d.value);
  const value = cellText(d.value)!;
  const refuse = (field: string, en: string, zh: string): never => {
    throw new InvalidInputError([bodyError(`/decisions/${i}/${field}`, en, zh)]);
  };
  if (d.action === 'forget') {
    const earlier = choices[d.field]?.[key];
    if (d.field === 'unit' && typeof earlier === 'number') await removeUnitShortName(client, earlier, value);
    if (choices[d.field]) delete choices[d.field]![key];
    return null;
  }
  const id = d.action === 'accept' ? entry!.suggestion!.id : d.id;
  switch (d.field) {
    case 'kind':
      (choices.kind ??= {})[key] = id as KindCode;
      return kindTarget(id as KindCode);
    case 'status':
      (choices.status ??= {})[key] = id as Status;
      return statusTarget(id as Status);
    case 'street': {
      const street = await areaOfLevel(client, Number(id), 'street');
      if (!street) return refuse('id', `there is no street ${id}`, `没有编号为 ${id} 的街道`);
      (choices.street ??= {})[key] = street.id;
      return { id: street.id, name: street.name };
    }
    case 'unit': {
      const unit = d.action === 'create' ? await createUnitFromValue(client, value, d.name, entry, refuse) : await unitById(client, Number(id));
      if (!unit) return refuse('id', `there is no unit ${id}`, `没有编号为 ${id} 的单位`);
      // A remembered short name lets the next ledger, of this name or another, resolve the value without asking.
      await addUnitShortName(client, unit.id, value);
      (choices.unit ??= {})[key] = unit.id;
      return { id: unit.id, name: unit.name };
    }
  }
}

/** 区消防大队 in a 清溪区 ledger becomes 清溪区消防大队, unless the planner names it. */
async function createUnitFromValue(
  client: pg.PoolClient,
  value: string,
  name: string | undefined,
  entry: ValueEntryOutput | undefined,
  refuse: (field: string, en: string, zh: string) => never,
) {
  const district = entry?.district ?? null;
  const districtId = district === null ? null : Number(district.id);
  const fullName = name?.trim() ?? (district && /^[区县市]/.test(value) && !value.startsWith(district.name) ? district.name + value.slice(1) : value);
  if (fullName.length > 200) refuse('name', 'a unit’s name is at most 200 characters: give a shorter name', '单位名称最多 200 个字符:请给出较短的名称');
  if (await unitNameTaken(client, fullName, districtId, null)) {
    refuse('name', `the district already has a unit called ${fullName}: pick it instead`, `该区县已有名为“${fullName}”的单位:请直接选择它`);
  }
  return insertUnit(client, { name: fullName, name_en: null, district_id: districtId, short_names: [] });
}
