import { Type } from 'typebox';
import { defineKind } from './defineKind.js';

export const charging = defineKind({
  code: 'charging',
  name: { zh: '充电桩建设', en: 'Charging piles' },
  geometryTypes: ['Point'],
  attributes: Type.Object(
    {
      piles: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
      power_kw: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1_000 })),
      vehicle: Type.Optional(Type.Enum(['e-bike', 'car', 'both'])),
    },
    { additionalProperties: false },
  ),
  attributeLabels: {
    piles: { zh: '充电桩数', en: 'Piles' },
    power_kw: { zh: '单桩功率(千瓦)', en: 'Power per pile (kW)' },
    vehicle: { zh: '服务车辆', en: 'Vehicles served' },
  },
  valueLabels: {
    vehicle: {
      'e-bike': { zh: '电动自行车', en: 'E-bikes' },
      car: { zh: '汽车', en: 'Cars' },
      both: { zh: '电动自行车和汽车', en: 'E-bikes and cars' },
    },
  },
  defaultTimeLimitDays: 30,
  color: '#e31a1c',
  symbol: '电',
});
