import { daysBetween } from './dates.js';
import type { Bilingual } from './text.js';

/** The loop every project goes round: found → assigned → rectified → verified. */
export const STATUSES = ['reported', 'assigned', 'in_progress', 'completed', 'verified', 'cancelled'] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<Status, Bilingual> = {
  reported: { zh: '已上报', en: 'Reported' },
  assigned: { zh: '已交办', en: 'Assigned' },
  in_progress: { zh: '整改中', en: 'In progress' },
  completed: { zh: '已完成', en: 'Completed' },
  verified: { zh: '已回访销号', en: 'Verified' },
  cancelled: { zh: '已撤销', en: 'Cancelled' },
};

/** Statuses in which the work is still owed: a deadline can pass on these. */
export const OPEN_STATUSES: readonly Status[] = ['reported', 'assigned', 'in_progress'];

/** Statuses in which the work has been done. */
export const DONE_STATUSES: readonly Status[] = ['completed', 'verified'];

/** Statuses that carry a responsible unit and a deadline. */
export const ASSIGNED_STATUSES: readonly Status[] = ['assigned', 'in_progress', 'completed', 'verified'];

export function isOpen(status: Status): boolean {
  return OPEN_STATUSES.includes(status);
}

/** Overdue = past the deadline and not completed (the deadline day itself is still on time). */
export function isOverdue(project: { status: Status; deadline: string | null }, today: string): boolean {
  return project.deadline !== null && isOpen(project.status) && project.deadline < today;
}

export interface DeadlineStanding {
  overdue: boolean;
  /** Days past the deadline, when overdue. */
  days_overdue: number | null;
  /** Days until the deadline (0 = due today), when open and not yet overdue. */
  days_left: number | null;
}

export function deadlineStanding(project: { status: Status; deadline: string | null }, today: string): DeadlineStanding {
  if (project.deadline === null || !isOpen(project.status)) return { overdue: false, days_overdue: null, days_left: null };
  const left = daysBetween(today, project.deadline);
  return left < 0
    ? { overdue: true, days_overdue: -left, days_left: null }
    : { overdue: false, days_overdue: null, days_left: left };
}
