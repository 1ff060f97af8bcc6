import { Type } from 'typebox';
import { defineKind } from './defineKind.js';

export const drainage = defineKind({
  code: 'drainage',
  name: { zh: '下水道疏通', en: 'Drainage blockage' },
  geometryTypes: ['Point', 'LineString'],
  attributes: Type.Object(
    {
      blockages_cleared: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000 })),
      pipe_length_replaced_m: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000 })),
      cause: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    },
    { additionalProperties: false },
  ),
  attributeLabels: {
    blockages_cleared: { zh: '疏通堵点数', en: 'Blockages cleared' },
    pipe_length_replaced_m: { zh: '更换管网长度(米)', en: 'Pipe replaced (m)' },
    cause: { zh: '堵塞原因', en: 'Cause' },
  },
  defaultTimeLimitDays: 20,
  color: '#1f78b4',
  symbol: '水',
});
