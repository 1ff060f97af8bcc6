import type { KindCode } from '../domain/kinds/index.js';
import type { Status } from '../domain/status.js';

/**
 * The projects the articles describe, with their figures. Dates are offsets in
 * days from the report (the articles' calendar dates are not kept: all demo
 * dates are derived from the as-of date so the demo always looks current).
 */

/** Where a named project lies, resolved against the demo reference layers. */
export type NamedPlace =
  | { compound: string }
  /** A straight pipe of about `lengthM` metres through the middle of a compound. */
  | { compoundPipe: string; lengthM: number }
  | { road: string; from: number; to: number }
  /** The seed point of a community, which always lies inside it. */
  | { community: string };

export interface NamedTimeline {
  /** Days from the report to the as-of date. */
  reportedDaysAgo: number;
  assign?: number;
  start?: number;
  complete?: number;
  verify?: number;
  cancel?: number;
  /** Days from assignment to the deadline. */
  limit?: number;
}

export interface NamedProject {
  districtCode: string;
  kind: KindCode;
  status: Status;
  place: NamedPlace;
  title: string;
  description: string;
  unit?: string;
  householdsBenefited?: number;
  attributes: Record<string, string | number>;
  timeline: NamedTimeline;
  source: string;
}

export const NAMED_PROJECTS: readonly NamedProject[] = [
  {
    districtCode: '430407',
    kind: 'streetlight',
    status: 'verified',
    place: { road: '桑园路', from: 0.1, to: 0.8 },
    title: '桑园路路灯损坏维修',
    description: '巡察组民情走访发现桑园路部分路段路灯损坏严重,夜间出行成了老人小孩的“心头患”。当日形成问题清单,次日送达社区党总支,一周内完成线路检修与灯具更换,新装LED路灯。',
    unit: '石鼓区城市管理和综合执法局',
    householdsBenefited: 380,
    attributes: { lamps_repaired: 26, lamp_type: 'LED' },
    timeline: { reportedDaysAgo: 160, assign: 0, start: 1, complete: 6, verify: 9, limit: 7 },
    source: '民情走访',
  },
  {
    districtCode: '430407',
    kind: 'drainage',
    status: 'completed',
    place: { compoundPipe: '建设新村', lengthM: 80 },
    title: '建设新村106栋下水道堵塞、污水横流',
    description: '草桥社区建设新村106栋下水道堵塞,污水横流,夏季蚊蝇滋生。联合市政部门实地勘测管道走向,召开居民代表圆桌会议,“一巷一策”施工:20天内完成3处堵塞点改造,更换老旧管道80余米。',
    unit: '石鼓区住房和城乡建设局',
    householdsBenefited: 96,
    attributes: { blockages_cleared: 3, pipe_length_replaced_m: 80, cause: '管道老化、油污淤积' },
    timeline: { reportedDaysAgo: 120, assign: 1, start: 2, complete: 20, limit: 20 },
    source: '民情走访',
  },
  {
    districtCode: '430407',
    kind: 'charging',
    status: 'completed',
    place: { compound: '西湖一村' },
    title: '西湖一村智能充电桩安装(根治“飞线充电”)',
    description: '西湖一村“飞线充电”顽疾:一次全面排查摸清底数、一场恳谈会凝聚共识、一套方案精准施工,为17栋居民楼安装30个智能充电桩,覆盖1200余户居民,充满自动断电。',
    unit: '潇湘街道办事处',
    householdsBenefited: 1200,
    attributes: { piles: 30, vehicle: 'e-bike' },
    timeline: { reportedDaysAgo: 48, assign: 2, start: 6, complete: 26, limit: 30 },
    source: '巡察发现',
  },
  {
    districtCode: '430407',
    kind: 'compound',
    status: 'verified',
    place: { compound: '蒸湘北路4号院' },
    title: '蒸湘北路4号院健身设施更新',
    description: '老旧小区健身设施“数量少、破损多、分布散”:维修旧器材,新增太空漫步机、太极揉推器等健身器材。',
    unit: '石鼓区住房和城乡建设局',
    householdsBenefited: 168,
    attributes: { year_built: 1993, buildings: 4, households: 168, fitness_areas_added: 1 },
    timeline: { reportedDaysAgo: 140, assign: 2, start: 10, complete: 45, verify: 52, limit: 90 },
    source: '民情走访',
  },
  {
    districtCode: '430723',
    kind: 'compound',
    status: 'verified',
    place: { compound: '墨池飘香嘉园' },
    title: '墨池飘香嘉园老旧小区改造',
    description: '小区建于2003年,停车不规范、地面坑坑洼洼。居民诉求经社区、街道汇总至县老旧小区改造指挥部,方案征得居民同意后施工:地面改铺沥青,新增停车位和电动车充电专区,增设太阳能路灯。',
    unit: '澧县住房保障服务中心',
    householdsBenefited: 420,
    attributes: { year_built: 2003, buildings: 9, households: 420, elevators_added: 0, fitness_areas_added: 1 },
    timeline: { reportedDaysAgo: 300, assign: 5, start: 30, complete: 160, verify: 175, limit: 180 },
    source: '民情信息采集',
  },
  {
    districtCode: '430723',
    kind: 'charging',
    status: 'verified',
    place: { compound: '墨池飘香嘉园' },
    title: '墨池飘香嘉园电动车充电专区',
    description: '结合老旧小区改造新增电动车充电专区。',
    unit: '澧县住房保障服务中心',
    householdsBenefited: 420,
    attributes: { piles: 20, vehicle: 'e-bike' },
    timeline: { reportedDaysAgo: 290, assign: 3, start: 20, complete: 150, verify: 170, limit: 180 },
    source: '民情信息采集',
  },
  {
    districtCode: '421224',
    kind: 'drainage',
    status: 'verified',
    place: { compound: '八角亭小区' },
    title: '八角亭小区化粪池、下水道堵塞',
    description: '双泉社区八角亭小区多处下粪池、下水道堵塞,排水管严重堵塞,每年夏天臭气冲天。疏通化粪池、清理沟渠并改造管道。',
    unit: '通山县住房和城乡建设局',
    householdsBenefited: 430,
    attributes: { blockages_cleared: 4, cause: '化粪池满溢、排水管严重堵塞' },
    timeline: { reportedDaysAgo: 90, assign: 1, start: 3, complete: 18, verify: 25, limit: 20 },
    source: '干部下沉社区走访',
  },
  {
    districtCode: '421224',
    kind: 'compound',
    status: 'in_progress',
    place: { compound: '八角亭小区' },
    title: '八角亭小区老旧小区改造(路面硬化)',
    description: '八角亭小区基础设施陈旧,多处路面破损;已出资和协调硬化路面2处,其余路段整改中。',
    unit: '通山县住房和城乡建设局',
    householdsBenefited: 430,
    attributes: { year_built: 1986, buildings: 11, households: 430 },
    timeline: { reportedDaysAgo: 70, assign: 3, start: 15, limit: 180 },
    source: '干部下沉社区走访',
  },
  {
    districtCode: '411525',
    kind: 'charging',
    status: 'verified',
    place: { compound: '尚城一品' },
    title: '尚城一品小区充电桩建设',
    description: '蓼城街道每周比对网格事件、热线工单和信访案件,发现尚城一品小区充电桩需求集中;功能型党支部联动协商,15天内完成点位规划与安装。',
    unit: '蓼城街道办事处',
    householdsBenefited: 860,
    attributes: { piles: 24, vehicle: 'both', power_kw: 7 },
    timeline: { reportedDaysAgo: 110, assign: 1, start: 4, complete: 15, verify: 22, limit: 30 },
    source: '数据比对',
  },
  {
    districtCode: '150703',
    kind: 'compound',
    status: 'in_progress',
    place: { compound: '光明小区' },
    title: '光明社区原煤矿家属区老旧小区改造',
    description: '光明社区曾是煤炭企业家属区,退休职工多,小区基础设施老旧;居民议事会提出改造诉求。',
    unit: '扎赉诺尔区住房和城乡建设局',
    householdsBenefited: 780,
    attributes: { year_built: 1979, buildings: 22, households: 780, fitness_areas_added: 2 },
    timeline: { reportedDaysAgo: 100, assign: 4, start: 20, limit: 180 },
    source: '居民议事会',
  },
  {
    districtCode: '150703',
    kind: 'drainage',
    status: 'verified',
    place: { community: '榕欣社区' },
    title: '榕欣社区老菜地排水沟积水',
    description: '小区附近老菜地排水沟周围积水,老年人多,结冰后易摔倒;街道走访发现后次日安装警戒护栏,随后疏通排水沟。',
    unit: '第四街道办事处',
    householdsBenefited: 150,
    attributes: { blockages_cleared: 1, cause: '排水沟淤塞积水' },
    timeline: { reportedDaysAgo: 75, assign: 0, start: 1, complete: 8, verify: 12, limit: 20 },
    source: '居民议事会',
  },
  {
    districtCode: '150703',
    kind: 'drainage',
    status: 'in_progress',
    place: { community: '光明社区' },
    title: '灵泉镇低洼地段雨季积水、冬季漫冰',
    description: '灵泉镇老城区地势低洼,雨季存水、冬季漫冰;排查地下水疏通工程运行情况,建设必要的防洪排涝及水系连通工程。',
    unit: '灵泉镇人民政府',
    householdsBenefited: 900,
    attributes: { cause: '地势低洼、排水设施老旧' },
    timeline: { reportedDaysAgo: 60, assign: 2, start: 10, limit: 40 },
    source: '区长调研',
  },
];
