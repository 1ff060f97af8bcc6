import { Type } from 'typebox';
import { defineKind } from './defineKind.js';

export const streetlight = defineKind({
  code: 'streetlight',
  name: { zh: '路灯维修', en: 'Streetlight repair' },
  geometryTypes: ['Point', 'LineString'],
  attributes: Type.Object(
    {
      lamps_repaired: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
      lamp_type: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    },
    { additionalProperties: false },
  ),
  attributeLabels: {
    lamps_repaired: { zh: '修复灯数', en: 'Lamps repaired' },
    lamp_type: { zh: '灯具类型', en: 'Lamp type' },
  },
  defaultTimeLimitDays: 7,
  color: '#f2b705',
  symbol: '灯',
});
