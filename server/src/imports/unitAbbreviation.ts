/**
 * Which unit a clerk means by a short form: 区城管局 for 清溪区城市管理和综合执法局,
 * 住建局 for 清溪区住房和城乡建设局, 供电公司 for 国网湖南省电力有限公司清溪区供电分公司.
 *
 * Both names are first reduced to their core: the short form loses a leading
 * 区/县/市 (or the district's own name), the full name loses everything up to
 * and including the district's name. Then, in two tiers:
 *  1. a standard short form whose expansions include the full core (城管局 →
 *     城市管理和综合执法局, 卫健委 → 卫生健康委员会);
 *  2. otherwise the general rule: the short core's characters appear in order
 *     in the full core, starting with its first character and ending with its
 *     last (住建局 in 住房和城乡建设局, 供电公司 in 供电分公司).
 * A tier that finds two units is ambiguous: no suggestion, never a guess.
 */

/** Standard short forms of Chinese government bodies and their usual full names (without the district). */
const STANDARD_SHORT_FORMS: Readonly<Record<string, readonly string[]>> = {
  城管局: ['城市管理和综合执法局', '城市管理综合执法局', '城市管理局', '城市管理行政执法局'],
  城管执法局: ['城市管理和综合执法局', '城市管理综合执法局', '城市管理行政执法局'],
  住建局: ['住房和城乡建设局', '住房城乡建设局'],
  住建委: ['住房和城乡建设委员会'],
  发改局: ['发展和改革局', '发展改革局'],
  发改委: ['发展和改革委员会', '发展改革委员会'],
  交通局: ['交通运输局'],
  卫健局: ['卫生健康局', '卫生和健康局'],
  卫健委: ['卫生健康委员会'],
  文旅局: ['文化旅游广电体育局', '文化和旅游局', '文化旅游局', '文化旅游广电局'],
  文广旅体局: ['文化旅游广电体育局'],
  自规局: ['自然资源和规划局', '自然资源局'],
  自然资源局: ['自然资源局', '自然资源和规划局'],
  生态环境局: ['生态环境局', '生态环境分局'],
  环保局: ['生态环境局', '生态环境分局', '环境保护局'],
  人社局: ['人力资源和社会保障局'],
  市监局: ['市场监督管理局'],
  应急局: ['应急管理局'],
  农业局: ['农业农村局'],
  农水局: ['农业农村和水利局'],
  教体局: ['教育体育局', '教育局'],
  教育局: ['教育局', '教育体育局'],
  工信局: ['工业和信息化局'],
  科工信局: ['科技工业信息化局', '科学技术和工业信息化局'],
  商务局: ['商务局', '商务和粮食局'],
  统计局: ['统计局'],
  审计局: ['审计局'],
  司法局: ['司法局'],
  公安局: ['公安局', '公安分局'],
  民政局: ['民政局'],
  财政局: ['财政局'],
  水利局: ['水利局', '水务局'],
  水务局: ['水务局', '水利局'],
  林业局: ['林业局'],
  退役军人局: ['退役军人事务局'],
  医保局: ['医疗保障局'],
  数据局: ['数据资源局', '政务服务和大数据管理局'],
  政数局: ['政务服务和数据管理局', '政务服务和大数据管理局'],
  住保中心: ['住房保障服务中心'],
  供电局: ['供电公司', '供电分公司'],
  供电公司: ['供电公司', '供电分公司'],
  自来水公司: ['自来水公司', '供水公司', '自来水有限公司', '供水有限公司'],
  燃气公司: ['燃气公司', '燃气有限公司'],
};

/** Ways a clerk writes the body's own word: 街道 for 街道办事处. */
const SHORTENED_ENDINGS: readonly (readonly [string, string])[] = [
  ['街道办', '街道办事处'],
  ['街道', '街道办事处'],
  ['委', '委员会'],
];

export interface UnitCandidate {
  id: number;
  name: string;
}

/** 清溪区 → 清溪: ledgers also write 清溪城管局. */
const districtStem = (district: string) => (district.length > 2 ? district.replace(/[区县市旗]$/, '') : district);

/** The short form without the district it names or a leading 区/县/市. */
export function shortCore(short: string, district: string | null): string {
  const text = short.replace(/\s/g, '');
  if (district) {
    for (const prefix of [district, districtStem(district)]) {
      if (prefix && text.startsWith(prefix) && text.length > prefix.length) return text.slice(prefix.length);
    }
  }
  // 市监局 is a short form of its own, not 监局 of a city.
  if (STANDARD_SHORT_FORMS[text]) return text;
  const stripped = text.replace(/^(本区|本县|本市|区|县|市)/, '');
  return stripped.length >= 2 ? stripped : text;
}

/** The full name after the district's name: the part a short form abbreviates. */
export function fullCore(full: string, district: string | null): string {
  const text = full.replace(/\s/g, '');
  if (district) {
    const at = text.lastIndexOf(district);
    if (at >= 0 && at + district.length < text.length) return text.slice(at + district.length);
  }
  return text;
}

/** The general rule: `short`'s characters in order in `full`, the first and last characters matching. */
export function isInOrderAbbreviation(short: string, full: string): boolean {
  if (short.length < 2 || short.length > full.length) return false;
  if (short[0] !== full[0] || short[short.length - 1] !== full[full.length - 1]) return false;
  let at = 0;
  for (const ch of short) {
    at = full.indexOf(ch, at);
    if (at < 0) return false;
    at += 1;
  }
  return true;
}

/** The short core with its shortened ending written out: 城关街道 → 城关街道办事处. */
function withFullEnding(core: string): string {
  for (const [shortEnding, fullEnding] of SHORTENED_ENDINGS) {
    if (core.endsWith(shortEnding) && !core.endsWith(fullEnding)) return core.slice(0, -shortEnding.length) + fullEnding;
  }
  return core;
}

export type AbbreviationMatch = { unit: UnitCandidate; rule: 'standard' | 'in_order' } | { ambiguous: UnitCandidate[] } | null;

/**
 * The one unit of `units` (those of the row's district) that `short`
 * abbreviates; `{ambiguous}` when a tier finds several; null when none.
 */
export function matchAbbreviation(short: string, units: readonly UnitCandidate[], district: string | null): AbbreviationMatch {
  const core = shortCore(short, district);
  if (core.length < 2) return null;
  const cores = units.map((u) => ({ unit: u, core: fullCore(u.name, district) }));
  const expansions = STANDARD_SHORT_FORMS[core];
  if (expansions) {
    const standard = cores.filter((c) => expansions.includes(c.core));
    if (standard.length === 1) return { unit: standard[0]!.unit, rule: 'standard' };
    if (standard.length > 1) return { ambiguous: standard.map((c) => c.unit) };
  }
  const written = withFullEnding(core);
  const inOrder = cores.filter((c) => isInOrderAbbreviation(written, c.core));
  if (inOrder.length === 1) return { unit: inOrder[0]!.unit, rule: 'in_order' };
  if (inOrder.length > 1) return { ambiguous: inOrder.map((c) => c.unit) };
  return null;
}
