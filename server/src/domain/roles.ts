import type { Bilingual } from './text.js';

/** Who a logged-in user is to the product. The public is everyone not logged in. */
export const ROLES = ['admin', 'planner', 'unit', 'leader'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, Bilingual> = {
  admin: { zh: '系统管理员', en: 'Administrator' },
  planner: { zh: '规划人员', en: 'Planner' },
  unit: { zh: '责任单位', en: 'Responsible unit' },
  leader: { zh: '领导', en: 'Leader' },
};

/**
 * What each role may do, beyond reading public fields (which everyone may).
 * The server checks these on every route; the client reads the same table to
 * show each role only the controls it can use.
 */
export const CAPABILITIES = {
  /** Reporter name and phone, internal notes, non-public photos, full history. */
  readPrivate: ['admin', 'planner', 'unit', 'leader'],
  createProject: ['planner'],
  editProject: ['planner'],
  deleteProject: ['planner'],
  uploadPhoto: ['planner', 'unit'],
  importLedger: ['planner'],
  readDashboard: ['admin', 'planner', 'leader'],
  exportReports: ['admin', 'planner', 'leader'],
  manageUsers: ['admin'],
  manageUnits: ['admin'],
  manageReferenceLayers: ['admin'],
  manageApiKeys: ['admin'],
  manageAreas: ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Capability = keyof typeof CAPABILITIES;

export function can(role: Role | null | undefined, capability: Capability): boolean {
  return role !== null && role !== undefined && (CAPABILITIES[capability] as readonly Role[]).includes(role);
}

/**
 * A unit user sees only the projects assigned to its unit; everyone else with a
 * role sees all of them. (The public sees all, through the public projection.)
 */
export function seesOnlyOwnUnit(role: Role | null | undefined): boolean {
  return role === 'unit';
}
