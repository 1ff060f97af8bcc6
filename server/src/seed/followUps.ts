import { addDays, daysBetween, type IsoDate } from '../domain/dates.js';
import { SATISFIED_FROM } from '../domain/lifecycle.js';
import type { KindCode } from '../domain/kinds/index.js';
import type { Status } from '../domain/status.js';
import type { Random } from './random.js';
import type { Timeline } from './timeline.js';

/**
 * What the loop records beyond a status, for the demo projects: follow-ups with
 * residents (回访) and their satisfaction, a few projects sent back after an
 * unsatisfied follow-up (返工), what the unit says it did, and staff's private
 * notes. Drawn after everything else, so the places, dates and units of the
 * demo projects are what they were before these were added.
 */

export interface DemoFollowUp {
  followedOn: IsoDate;
  satisfaction: number;
  satisfied: boolean;
  note: string;
}

/** A project completed once, found wanting at the follow-up, and sent back to work. */
export interface DemoReopen {
  firstCompletedOn: IsoDate;
  reopenedOn: IsoDate;
}

export interface Aftercare {
  followUps: DemoFollowUp[];
  reopen?: DemoReopen;
  internalNote?: string;
}

/** What aftercare needs to know of a project. */
export interface AftercareSubject {
  kind: KindCode;
  status: Status;
  timeline: Timeline;
  /** The articles' own projects keep the story the articles tell. */
  named: boolean;
}

/** Share of eligible generated projects that were reopened once. */
const REOPEN_SHARE = 0.1;
/** Share of projects with a private staff note. */
const INTERNAL_NOTE_SHARE = 0.15;

/** Mostly satisfied, some only fairly: the verifying follow-up is at least SATISFIED_FROM. */
const SATISFIED_SCORES: readonly (readonly [number, number])[] = [
  [5, 6],
  [4, 5],
  [3, 2],
];

const SATISFIED_NOTES: Record<number, readonly string[]> = {
  5: ['入户回访,群众非常满意', '电话回访,居民表示问题彻底解决,非常满意'],
  4: ['入户回访,群众满意', '现场回访,居民认可整改效果'],
  3: ['回访居民基本满意,建议加强后续维护', '电话回访,居民表示基本满意'],
};

const UNSATISFIED_NOTES = [
  '回访居民反映问题仍未解决,不满意,退回整改',
  '回访发现整改不彻底,群众不满意,退回整改',
  '居民反映整改后问题复发,退回重新整改',
];

const INTERNAL_NOTES = [
  '该点位群众多次反映,列为重点督办',
  '涉及产权单位,需协调物业共同处置',
  '责任单位反映资金尚未到位,需跟进',
  '需与供电部门协调停电施工时间',
  '居民意见不一,需再次召开居民议事会',
  '已约谈责任单位负责人,要求加快进度',
];

/**
 * Room for a first completion and a reopen strictly between the start of the
 * work and the next step: the final completion, or today for work still going on.
 */
function reopenWindow(p: AftercareSubject, asOf: IsoDate): { from: IsoDate; days: number; endInclusive: boolean } | undefined {
  const started = p.timeline.startedOn;
  if (p.named || !started) return undefined;
  if (p.status === 'in_progress') {
    const days = daysBetween(started, asOf);
    return days >= 2 ? { from: started, days, endInclusive: true } : undefined;
  }
  if ((p.status === 'completed' || p.status === 'verified') && p.timeline.completedOn) {
    const days = daysBetween(started, p.timeline.completedOn);
    return days >= 3 ? { from: started, days, endInclusive: false } : undefined;
  }
  return undefined;
}

function drawReopen(random: Random, p: AftercareSubject, asOf: IsoDate): DemoReopen | undefined {
  const window = reopenWindow(p, asOf);
  if (!window || !random.chance(REOPEN_SHARE)) return undefined;
  // from < first < reopened ≤ (or <) the end of the window.
  const last = window.endInclusive ? window.days : window.days - 1;
  const first = random.int(1, last - 1);
  const reopened = random.int(first + 1, last);
  return { firstCompletedOn: addDays(window.from, first), reopenedOn: addDays(window.from, reopened) };
}

/** The follow-ups, reopen and note of each project, drawn in the projects' order. */
export function drawAftercare(random: Random, projects: readonly AftercareSubject[], asOf: IsoDate): Aftercare[] {
  return projects.map((p) => {
    const care: Aftercare = { followUps: [] };
    const reopen = drawReopen(random, p, asOf);
    if (reopen) {
      care.reopen = reopen;
      care.followUps.push({ followedOn: reopen.reopenedOn, satisfaction: random.int(1, SATISFIED_FROM - 1), satisfied: false, note: random.pick(UNSATISFIED_NOTES) });
    }
    if (p.status === 'verified' && p.timeline.verifiedOn) {
      const satisfaction = random.weighted(SATISFIED_SCORES);
      care.followUps.push({ followedOn: p.timeline.verifiedOn, satisfaction, satisfied: true, note: random.pick(SATISFIED_NOTES[satisfaction]!) });
    }
    if (random.chance(INTERNAL_NOTE_SHARE)) care.internalNote = random.pick(INTERNAL_NOTES);
    return care;
  });
}

/** What the unit wrote when it completed the work, from what the project says was done. */
export function completionNote(kind: KindCode, attributes: Record<string, string | number>): string {
  const n = (key: string) => (typeof attributes[key] === 'number' ? (attributes[key] as number) : undefined);
  switch (kind) {
    case 'streetlight': {
      const lamps = n('lamps_repaired');
      return `${lamps ? `更换${attributes.lamp_type ?? 'LED'}灯具${lamps}盏,` : ''}检修供电线路,夜间亮灯正常`;
    }
    case 'drainage': {
      const cleared = n('blockages_cleared');
      const pipe = n('pipe_length_replaced_m');
      return `${cleared ? `疏通堵塞点${cleared}处,` : '疏通管道、清理淤积,'}${pipe ? `更换管道${pipe}米,` : ''}排水恢复通畅`;
    }
    case 'compound': {
      const elevators = n('elevators_added');
      return `改造工程完工${elevators ? `,加装电梯${elevators}台` : ''},经竣工验收合格`;
    }
    case 'charging': {
      const piles = n('piles');
      return `${piles ? `建成充电桩${piles}个,` : ''}通电调试完成,已投入使用`;
    }
  }
}

/** The note of the completion that the follow-up later found wanting. */
export const FIRST_COMPLETION_NOTE = '整改完成,申请回访';
