import { addDays, type IsoDate } from '../domain/dates.js';
import type { Status } from '../domain/status.js';
import type { NamedTimeline } from './namedProjects.js';
import type { Random } from './random.js';

/**
 * When each step of a project happened, as calendar dates. Offsets are drawn
 * relative to the report and then the whole story is placed so that its last
 * step lies on or before the as-of date; that keeps
 * reported_on ≤ completed_on ≤ verified_on ≤ asOf and deadline ≥ reported_on
 * true by construction.
 */
export interface Timeline {
  reportedOn: IsoDate;
  assignedOn?: IsoDate;
  startedOn?: IsoDate;
  completedOn?: IsoDate;
  verifiedOn?: IsoDate;
  cancelledOn?: IsoDate;
  deadline?: IsoDate;
}

/** The statuses a project passes through to reach `status`, after 'reported'. */
export function pathTo(status: Status, cancelledAfterAssignment: boolean): Status[] {
  switch (status) {
    case 'reported':
      return [];
    case 'assigned':
      return ['assigned'];
    case 'in_progress':
      return ['assigned', 'in_progress'];
    case 'completed':
      return ['assigned', 'in_progress', 'completed'];
    case 'verified':
      return ['assigned', 'in_progress', 'completed', 'verified'];
    case 'cancelled':
      return cancelledAfterAssignment ? ['assigned', 'cancelled'] : ['cancelled'];
  }
}

interface Offsets {
  assign?: number;
  start?: number;
  complete?: number;
  verify?: number;
  cancel?: number;
  deadline?: number;
}

/** Share of open, assigned projects whose deadline has already passed. */
const OVERDUE_SHARE = 0.35;
/** Share of finished work that was done after its deadline. */
const LATE_SHARE = 0.15;

function drawOffsets(random: Random, path: readonly Status[], timeLimitDays: number): Offsets {
  const o: Offsets = {};
  if (!path.includes('assigned')) {
    if (path.includes('cancelled')) o.cancel = random.int(1, 10);
    return o;
  }
  o.assign = random.int(0, 3);
  const limit = Math.round(timeLimitDays * random.pick([1, 1, 1, 1.5, 2]));
  o.deadline = o.assign + limit;
  if (path.includes('cancelled')) {
    o.cancel = o.assign + random.int(1, Math.max(1, Math.min(10, limit)));
    return o;
  }
  if (!path.includes('in_progress')) return o;
  o.start = o.assign + random.int(0, Math.max(0, Math.min(5, Math.floor(limit / 3))));
  if (!path.includes('completed')) return o;
  o.complete = random.chance(LATE_SHARE)
    ? o.deadline + random.int(1, Math.max(2, Math.round(limit / 2)))
    : o.start + random.int(1, Math.max(1, o.deadline - o.start));
  if (path.includes('verified')) o.verify = o.complete + random.int(1, 10);
  return o;
}

/** Days from the report to the as-of date: how long ago the story started. */
function drawAge(random: Random, status: Status, o: Offsets): number {
  const last = Math.max(0, ...[o.assign, o.start, o.complete, o.verify, o.cancel].filter((v): v is number => v !== undefined));
  switch (status) {
    case 'reported':
      return random.int(0, 12);
    case 'assigned':
    case 'in_progress': {
      const deadline = o.deadline ?? last;
      return random.chance(OVERDUE_SHARE) ? deadline + random.int(1, 25) : random.int(last, Math.max(last, deadline));
    }
    case 'completed':
      return last + random.int(0, 35);
    case 'verified':
    case 'cancelled':
      return last + random.int(0, 330);
  }
}

export function drawTimeline(random: Random, asOf: IsoDate, path: readonly Status[], status: Status, timeLimitDays: number): Timeline {
  const offsets = drawOffsets(random, path, timeLimitDays);
  return place(asOf, drawAge(random, status, offsets), offsets);
}

/** A named project's story, as the article tells it. */
export function namedTimeline(asOf: IsoDate, t: NamedTimeline, timeLimitDays: number): Timeline {
  const offsets: Offsets = { ...t };
  if (t.assign !== undefined) offsets.deadline = t.assign + (t.limit ?? timeLimitDays);
  return place(asOf, t.reportedDaysAgo, offsets);
}

function place(asOf: IsoDate, age: number, o: Offsets): Timeline {
  const reportedOn = addDays(asOf, -age);
  const at = (offset: number | undefined): IsoDate | undefined => (offset === undefined ? undefined : addDays(reportedOn, offset));
  const timeline: Timeline = { reportedOn };
  const set = (key: Exclude<keyof Timeline, 'reportedOn'>, offset: number | undefined): void => {
    const date = at(offset);
    if (date !== undefined) timeline[key] = date;
  };
  set('assignedOn', o.assign);
  set('startedOn', o.start);
  set('completedOn', o.complete);
  set('verifiedOn', o.verify);
  set('cancelledOn', o.cancel);
  set('deadline', o.deadline);
  return timeline;
}
