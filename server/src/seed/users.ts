import type pg from 'pg';
import { hashPassword } from '../domain/password.js';
import type { Role } from '../domain/roles.js';
import { insertUser } from '../queries/users.js';

/** The one demo account per role that the login page offers while the demo data is loaded. */
export const DEMO_ACCOUNTS: readonly { username: string; display_name: string; role: Role }[] = [
  { username: 'demo-admin', display_name: '演示·系统管理员', role: 'admin' },
  { username: 'demo-planner', display_name: '演示·规划科', role: 'planner' },
  { username: 'demo-unit', display_name: '演示·责任单位', role: 'unit' },
  { username: 'demo-leader', display_name: '演示·区领导', role: 'leader' },
];

/** The demo unit user works for the unit with the most projects in 石鼓区, the first district of the articles. */
const DEMO_UNIT = `
  SELECT u.id FROM units u JOIN areas d ON d.id = u.district_id
   WHERE d.name = '石鼓区'
   ORDER BY (SELECT count(*) FROM projects p WHERE p.unit_id = u.id AND p.deleted_at IS NULL) DESC, u.id
   LIMIT 1`;

export async function loadDemoUsers(client: pg.PoolClient, password: string): Promise<number> {
  const { rows } = await client.query<{ id: number }>(DEMO_UNIT);
  const unitId = rows[0]?.id;
  if (unitId === undefined) throw new Error('the demo data has no unit in 石鼓区 for demo-unit');
  for (const account of DEMO_ACCOUNTS) {
    await insertUser(client, {
      ...account,
      password_hash: await hashPassword(password),
      unit_id: account.role === 'unit' ? unitId : null,
      is_demo: true,
    });
  }
  return DEMO_ACCOUNTS.length;
}
