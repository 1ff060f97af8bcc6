import { createInterface } from 'node:readline/promises';
import { InvalidInputError, RequestRefusedError } from '../domain/errors.js';

/** What the command-line tools share: failing with a message, asking yes or no, saying why the importer refused. */

/** Prints the message and exits 2 (wrong use or refused input), writing nothing more. */
export function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

/** Yes when --yes was given; otherwise asks on a terminal, and answers no when there is none to ask. */
export async function confirm(question: string, yes: boolean): Promise<boolean> {
  if (yes) return true;
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(question);
  rl.close();
  return /^(y|yes|是)$/i.test(answer.trim());
}

/** An importer's refusal in both languages (each field of a 400, the reason of any other), then exit 2; anything else is rethrown. */
export function failOnRefusal(err: unknown): never {
  if (err instanceof InvalidInputError) fail(err.errors.map((e) => `${e.field.slice(1)}: ${e.reason_zh} (${e.reason})`).join('\n'));
  if (err instanceof RequestRefusedError) fail(`${err.message_zh}\n${err.message}`);
  throw err;
}
