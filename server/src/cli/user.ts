import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { prepareDatabase } from '../db/prepare.js';
import { InvalidInputError } from '../domain/errors.js';
import { todayIn } from '../domain/dates.js';
import { ROLES, type Role } from '../domain/roles.js';
import { usernameKey } from '../domain/user.js';
import { allUsers, userForLogin } from '../queries/users.js';
import { changeUser, createUser } from '../services/users.js';
import { fail } from './terminal.js';

const USAGE = `Minsheng Map user accounts (stop the server first when it runs on the embedded database).

  npm run user -- list
  npm run user -- create <username> --role admin|planner|unit|leader [--unit <unit id>] [--name <display name>]
  npm run user -- passwd <username>
  npm run user -- disable <username>
  npm run user -- enable <username>

The password is asked for on the terminal (not echoed), or read from standard
input with --password-stdin, e.g.  printf '%s' "$PW" | npm run user -- create ops --role admin --password-stdin`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    role: { type: 'string' },
    unit: { type: 'string' },
    name: { type: 'string' },
    'password-stdin': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

/** Reads a password without echoing it, or the whole of stdin when it is not a terminal. */
async function readPassword(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (values['password-stdin'] || !stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  }
  process.stdout.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  let password = '';
  return new Promise((resolve, reject) => {
    const onData = (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stdout.write('\n');
          resolve(password);
          return;
        }
        if (ch === '\u0003') {
          stdin.setRawMode(false);
          reject(new Error('cancelled'));
          return;
        }
        password = ch === '\u007f' ? password.slice(0, -1) : password + ch;
      }
    };
    stdin.on('data', onData);
  });
}


async function main(): Promise<void> {
  const [command, username] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  const config = loadConfig();
  const silent = { info: () => undefined, warn: (m: string) => console.warn(m) };
  const db = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: 2, embeddedDbDir: config.embeddedDbDir });
  try {
    await prepareDatabase(db, { demoData: config.demoData, today: todayIn(config.timeZone), timeZone: config.timeZone, log: silent, demoPassword: config.demoPassword });
    if (command === 'list') {
      for (const u of await allUsers(db.pool)) {
        console.log([u.username, u.role, u.unit_name ?? '', u.display_name, u.disabled ? 'disabled' : '', u.is_demo ? 'demo' : ''].join('\t'));
      }
      return;
    }
    if (!username) fail(`${command} needs a username\n\n${USAGE}`);
    if (command === 'create') {
      const role = values.role as Role | undefined;
      if (!role || !ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
      const unitId = values.unit === undefined ? null : Number(values.unit);
      if (unitId !== null && !Number.isInteger(unitId)) fail('--unit must be a unit id (a whole number); see GET /api/units');
      const password = await readPassword(`password for ${username}: `);
      const user = await createUser(db.pool, { username, display_name: values.name ?? username, password, role, unit_id: unitId });
      console.log(`created ${user.username} (${user.role}${user.unit_name ? `, ${user.unit_name}` : ''})`);
      return;
    }
    const existing = await userForLogin(db.pool, usernameKey(username));
    if (!existing) fail(`there is no user ${username}`);
    if (command === 'passwd') {
      const password = await readPassword(`new password for ${existing.username}: `);
      await changeUser(db.pool, existing.id, { password }, -1);
      console.log(`changed the password of ${existing.username}; their sessions are ended`);
    } else if (command === 'disable' || command === 'enable') {
      await changeUser(db.pool, existing.id, { disabled: command === 'disable' }, -1);
      console.log(`${command}d ${existing.username}`);
    } else {
      fail(`unknown command ${command}\n\n${USAGE}`);
    }
  } catch (err) {
    if (err instanceof InvalidInputError) fail(err.errors.map((e) => `${e.field.slice(1)}: ${e.reason}`).join('\n'));
    throw err;
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
