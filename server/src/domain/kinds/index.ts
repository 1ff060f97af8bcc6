import { charging } from './charging.js';
import { compound } from './compound.js';
import { drainage } from './drainage.js';
import type { KindDefinition } from './defineKind.js';
import { streetlight } from './streetlight.js';

export type { KindDefinition, GeometryType } from './defineKind.js';
export { attributeValueLabel, GEOMETRY_TYPES } from './defineKind.js';

/** The registry of project kinds, in display order. */
export const KINDS = [streetlight, drainage, compound, charging] as const satisfies readonly KindDefinition[];

export type KindCode = (typeof KINDS)[number]['code'];
export const KIND_CODES = KINDS.map((k) => k.code) as KindCode[];

const byCode = new Map<string, KindDefinition>(KINDS.map((k) => [k.code, k]));

export function findKind(code: string): KindDefinition | undefined {
  return byCode.get(code);
}
