import { addDays, type IsoDate } from '../../../../server/src/domain/dates.js';
import { findKind } from '../../../../server/src/domain/kinds/index.js';
import { SATISFACTION_LABELS, SATISFIED_FROM, type Transition, type TransitionRequest } from '../../../../server/src/domain/lifecycle.js';
import type { ProjectFeature } from '../../api/types.js';
import type { Problem } from '../editing/validate.js';

export type Satisfaction = keyof typeof SATISFACTION_LABELS;

/** What a step's form holds, as typed. Which inputs it shows follows the transition's `requires`. */
export interface TransitionDraft {
  unit_id: string;
  deadline: string;
  note: string;
  satisfaction: string;
}

/** The inputs a step's form shows, from what the lifecycle says it requires. */
export function fieldsFor(transition: Transition): { unit: boolean; deadline: boolean; satisfaction: boolean; noteRequired: boolean } {
  const r = transition.requires;
  return {
    unit: r === 'unit_and_deadline',
    deadline: r === 'unit_and_deadline',
    satisfaction: r === 'satisfied_follow_up' || r === 'unsatisfied_follow_up',
    noteRequired: r === 'completion_note' || r === 'reason',
  };
}

/** The satisfaction scores a follow-up step takes: 3–5 verify, 1–2 reopen. */
export function satisfactionChoices(transition: Transition): Satisfaction[] {
  const all = Object.keys(SATISFACTION_LABELS).map(Number) as Satisfaction[];
  if (transition.requires === 'satisfied_follow_up') return all.filter((s) => s >= SATISFIED_FROM).reverse();
  if (transition.requires === 'unsatisfied_follow_up') return all.filter((s) => s < SATISFIED_FROM);
  return [];
}

/**
 * The form as it opens: the unit already responsible, and a deadline that is
 * the project's own when still ahead, else the kind's time limit from today.
 */
export function initialDraft(transition: Transition, project: ProjectFeature, today: IsoDate): TransitionDraft {
  const p = project.properties;
  const limit = findKind(p.kind)?.defaultTimeLimitDays ?? 30;
  const choices = satisfactionChoices(transition);
  return {
    unit_id: p.unit_id === null ? '' : String(p.unit_id),
    deadline: fieldsFor(transition).deadline ? (p.deadline && p.deadline >= today ? p.deadline : addDays(today, limit)) : '',
    note: '',
    satisfaction: choices.length === 1 ? String(choices[0]) : '',
  };
}

/** The request for the step, or what must be filled in first (named by the API's own JSON pointers). */
export function transitionRequest(
  transition: Transition,
  draft: TransitionDraft,
  version: number,
): { ok: true; request: TransitionRequest } | { ok: false; problems: Problem[] } {
  const fields = fieldsFor(transition);
  const problems: Problem[] = [];
  const request: TransitionRequest = { to: transition.to, version };
  const note = draft.note.trim();
  if (note) request.note = note;
  else if (fields.noteRequired) problems.push({ field: '/note', rule: draft.note === '' ? 'required' : 'blank' });
  if (fields.unit) {
    if (draft.unit_id === '') problems.push({ field: '/unit_id', rule: 'required' });
    else request.unit_id = Number(draft.unit_id);
  }
  if (fields.deadline && draft.deadline !== '') request.deadline = draft.deadline;
  if (fields.satisfaction) {
    const s = Number(draft.satisfaction) as Satisfaction;
    if (!satisfactionChoices(transition).includes(s)) problems.push({ field: '/satisfaction', rule: 'required' });
    else request.satisfaction = s;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, request };
}
