import type { Bilingual } from './text.js';

/** The hierarchy of administrative areas, top down. */
export const AREA_LEVELS = ['district', 'street', 'community'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

export const AREA_LEVEL_LABELS: Record<AreaLevel, Bilingual> = {
  district: { zh: '区县', en: 'District / county' },
  street: { zh: '街道/乡镇', en: 'Street / town' },
  community: { zh: '社区/村', en: 'Community / village' },
};

/** The level an area's parent must have: none for a district. */
export const PARENT_LEVEL: Record<AreaLevel, AreaLevel | null> = { district: null, street: 'district', community: 'street' };
