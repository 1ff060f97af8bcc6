import { Type, type Static } from 'typebox';
import { addDays, type IsoDate } from './dates.js';
import { bodyError, type FieldError } from './errors.js';
import type { KindDefinition } from './kinds/index.js';
import type { Role } from './roles.js';
import { IsoDateSchema, Nullable, PositiveInt4 } from './schemaTypes.js';
import { STATUSES, type Status } from './status.js';
import type { Bilingual } from './text.js';

/**
 * The loop as a state machine: the one definition the server enforces and the
 * client reads to offer each role its next steps. A status changes only by one
 * of these transitions; anything else is refused and changes nothing.
 */
export type TransitionRequirement =
  /** A responsible unit (from the request or already on the project) and a deadline (or the kind's time limit). */
  | 'unit_and_deadline'
  /** A note saying what was done. */
  | 'completion_note'
  /** A follow-up with residents whose satisfaction is at least SATISFIED_FROM. */
  | 'satisfied_follow_up'
  /** A follow-up with residents whose satisfaction is below SATISFIED_FROM: the project is reopened. */
  | 'unsatisfied_follow_up'
  /** Why it is cancelled. */
  | 'reason';

export interface Transition {
  from: Status;
  to: Status;
  roles: readonly Role[];
  requires: TransitionRequirement | null;
  /** The button a user presses. */
  action: Bilingual;
}

/** Satisfaction runs 1 (very unsatisfied) … 5 (very satisfied); 3 (基本满意) and above verifies. */
export const SATISFIED_FROM = 3;

export const SATISFACTION_LABELS: Record<1 | 2 | 3 | 4 | 5, Bilingual> = {
  1: { zh: '非常不满意', en: 'Very unsatisfied' },
  2: { zh: '不满意', en: 'Unsatisfied' },
  3: { zh: '基本满意', en: 'Fairly satisfied' },
  4: { zh: '满意', en: 'Satisfied' },
  5: { zh: '非常满意', en: 'Very satisfied' },
};

const cancel = (from: Status): Transition => ({
  from,
  to: 'cancelled',
  roles: ['planner'],
  requires: 'reason',
  action: { zh: '撤销', en: 'Cancel' },
});

export const TRANSITIONS: readonly Transition[] = [
  { from: 'reported', to: 'assigned', roles: ['planner'], requires: 'unit_and_deadline', action: { zh: '交办', en: 'Assign' } },
  { from: 'assigned', to: 'in_progress', roles: ['planner', 'unit'], requires: null, action: { zh: '开始整改', en: 'Start work' } },
  {
    from: 'in_progress',
    to: 'completed',
    roles: ['planner', 'unit'],
    requires: 'completion_note',
    action: { zh: '整改完成', en: 'Mark completed' },
  },
  {
    from: 'completed',
    to: 'verified',
    roles: ['planner'],
    requires: 'satisfied_follow_up',
    action: { zh: '回访销号', en: 'Verify with residents' },
  },
  {
    from: 'completed',
    to: 'in_progress',
    roles: ['planner'],
    requires: 'unsatisfied_follow_up',
    action: { zh: '回访不满意,退回整改', en: 'Residents unsatisfied: reopen' },
  },
  cancel('reported'),
  cancel('assigned'),
  cancel('in_progress'),
];

export function findTransition(from: Status, to: Status): Transition | undefined {
  return TRANSITIONS.find((t) => t.from === from && t.to === to);
}

/** The steps a role may take from a status: what the client offers as buttons. */
export function transitionsFor(from: Status, role: Role | null | undefined): Transition[] {
  if (!role) return [];
  return TRANSITIONS.filter((t) => t.from === from && t.roles.includes(role));
}

/** Roles that may take at least one step of the loop. */
export const ROLES_THAT_TRANSITION: readonly Role[] = [...new Set(TRANSITIONS.flatMap((t) => t.roles))];

export const TransitionBody = Type.Object(
  {
    to: Type.Enum(STATUSES, { description: 'the status to move to' }),
    version: Type.Optional(PositiveInt4({ description: 'refuse with 409 unless the project is still at this version' })),
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000, description: 'completion note, follow-up record or cancel reason' }))),
    unit_id: Type.Optional(PositiveInt4({ description: 'assign: the responsible unit' })),
    deadline: Type.Optional(IsoDateSchema),
    satisfaction: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, description: 'follow-up: 1 very unsatisfied … 5 very satisfied' })),
  },
  { additionalProperties: false },
);
export type TransitionRequest = Static<typeof TransitionBody>;

/** What a transition writes besides the status. */
export interface TransitionEffects {
  status: Status;
  unit_id?: number;
  deadline?: IsoDate;
  completed_on?: IsoDate | null;
  verified_on?: IsoDate;
  completion_note?: string;
  reopen?: boolean;
  followUp?: { satisfaction: number; satisfied: boolean };
  /** The history row's note. */
  note: string | null;
}

export interface ProjectForTransition {
  status: Status;
  unit_id: number | null;
  deadline: IsoDate | null;
  reported_on: IsoDate;
}

/**
 * The effects of a step that `findTransition` allows, or the fields the request
 * lacks for it. Pure: the service checks the unit exists and writes.
 */
export function planTransition(
  transition: Transition,
  project: ProjectForTransition,
  request: TransitionRequest,
  kind: KindDefinition,
  today: IsoDate,
): { ok: true; effects: TransitionEffects } | { ok: false; errors: FieldError[] } {
  const note = request.note?.trim() || null;
  const errors: FieldError[] = [];
  const effects: TransitionEffects = { status: transition.to, note };
  const misplaced = (field: 'unit_id' | 'deadline' | 'satisfaction') =>
    errors.push(bodyError(`/${field}`, `is not used when moving to ${transition.to}`, `转为该状态时不使用此字段`));

  if (transition.requires !== 'unit_and_deadline') {
    if (request.unit_id !== undefined) misplaced('unit_id');
    if (request.deadline !== undefined) misplaced('deadline');
  }
  if (transition.requires !== 'satisfied_follow_up' && transition.requires !== 'unsatisfied_follow_up' && request.satisfaction !== undefined) {
    misplaced('satisfaction');
  }

  switch (transition.requires) {
    case 'unit_and_deadline': {
      const unitId = request.unit_id ?? project.unit_id;
      if (unitId === null) errors.push(bodyError('/unit_id', 'assigning needs a responsible unit', '交办需要指定责任单位'));
      // The kind's time limit stands in for a deadline nobody set.
      const deadline = request.deadline ?? project.deadline ?? addDays(today, kind.defaultTimeLimitDays);
      if (request.deadline !== undefined && deadline < today) {
        errors.push(bodyError('/deadline', 'the deadline cannot be in the past', '完成时限不能早于今天'));
      } else if (deadline < project.reported_on) {
        errors.push(bodyError('/deadline', 'the deadline cannot be before the report date', '完成时限不能早于上报日期'));
      }
      if (unitId !== null) effects.unit_id = unitId;
      effects.deadline = deadline;
      break;
    }
    case 'completion_note':
      if (note === null) errors.push(bodyError('/note', 'completing needs a note saying what was done', '整改完成需要填写整改情况说明'));
      effects.completion_note = note ?? undefined;
      effects.completed_on = today;
      break;
    case 'satisfied_follow_up':
    case 'unsatisfied_follow_up': {
      const satisfied = transition.requires === 'satisfied_follow_up';
      const s = request.satisfaction;
      if (s === undefined) {
        errors.push(bodyError('/satisfaction', 'a follow-up needs the residents’ satisfaction, 1 to 5', '回访需要填写群众满意度(1–5)'));
      } else if (satisfied && s < SATISFIED_FROM) {
        errors.push(
          bodyError('/satisfaction', `satisfaction ${s} is below ${SATISFIED_FROM}: reopen the project instead of verifying it`, `满意度 ${s} 低于 ${SATISFIED_FROM},应退回整改而不是销号`),
        );
      } else if (!satisfied && s >= SATISFIED_FROM) {
        errors.push(
          bodyError('/satisfaction', `satisfaction ${s} is ${SATISFIED_FROM} or more: verify the project instead of reopening it`, `满意度 ${s} 不低于 ${SATISFIED_FROM},应回访销号而不是退回`),
        );
      }
      if (s !== undefined) effects.followUp = { satisfaction: s, satisfied };
      if (satisfied) effects.verified_on = today;
      else {
        effects.reopen = true;
        effects.completed_on = null;
      }
      break;
    }
    case 'reason':
      if (note === null) errors.push(bodyError('/note', 'cancelling needs a reason', '撤销需要填写原因'));
      break;
    case null:
      break;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, effects };
}

/**
 * The statuses a new project passes through to reach `to` by the loop's own
 * transitions, shortest way, `reported` excluded: what an import records
 * as steps when a ledger says a project is already further along.
 */
export function stepsFromReported(to: Status): Status[] {
  const cameFrom = new Map<Status, Status | null>([['reported', null]]);
  const queue: Status[] = ['reported'];
  while (queue.length > 0) {
    const at = queue.shift()!;
    for (const t of TRANSITIONS) {
      if (t.from === at && !cameFrom.has(t.to)) {
        cameFrom.set(t.to, at);
        queue.push(t.to);
      }
    }
  }
  const steps: Status[] = [];
  for (let s: Status | null | undefined = to; s && s !== 'reported'; s = cameFrom.get(s)) steps.unshift(s);
  return steps;
}
