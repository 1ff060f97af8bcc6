/**
 * 清溪区, the made-up district of the samples (GB/T 2260 has no 439901): its
 * code, its box on open land near 113.0–113.3°E, 28.0–28.3°N, and its six
 * streets and towns, 3 columns × 2 rows of 0.1° × 0.15°, north row first,
 * west to east. The one definition the sample scripts and the tests read.
 */
export type Box = readonly [west: number, south: number, east: number, north: number];

export const QINGXI = { code: '439901', name: '清溪区', name_en: 'Qingxi District', box: [113.0, 28.0, 113.3, 28.3] as Box } as const;

export const QINGXI_STREETS: readonly { code: string; name: string; box: Box }[] = [
  { code: '439901001000', name: '城关街道', box: [113.0, 28.15, 113.1, 28.3] },
  { code: '439901002000', name: '河西街道', box: [113.1, 28.15, 113.2, 28.3] },
  { code: '439901003000', name: '桃源街道', box: [113.2, 28.15, 113.3, 28.3] },
  { code: '439901100000', name: '新港镇', box: [113.0, 28.0, 113.1, 28.15] },
  { code: '439901101000', name: '白沙镇', box: [113.1, 28.0, 113.2, 28.15] },
  { code: '439901200000', name: '青山乡', box: [113.2, 28.0, 113.3, 28.15] },
];
