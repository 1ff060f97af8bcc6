import { Type } from 'typebox';
import { defineKind } from './defineKind.js';

export const compound = defineKind({
  code: 'compound',
  name: { zh: '老旧小区改造', en: 'Compound renovation' },
  geometryTypes: ['Polygon', 'MultiPolygon'],
  attributes: Type.Object(
    {
      year_built: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2100 })),
      buildings: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000 })),
      households: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
      elevators_added: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000 })),
      fitness_areas_added: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000 })),
    },
    { additionalProperties: false },
  ),
  attributeLabels: {
    year_built: { zh: '建成年份', en: 'Year built' },
    buildings: { zh: '楼栋数', en: 'Buildings' },
    households: { zh: '小区户数', en: 'Households in compound' },
    elevators_added: { zh: '加装电梯数', en: 'Elevators added' },
    fitness_areas_added: { zh: '新增健身场地', en: 'Fitness areas added' },
  },
  defaultTimeLimitDays: 180,
  color: '#33a02c',
  symbol: '楼',
});
