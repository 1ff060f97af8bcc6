/**
 * What an attacker (or a broken client) sends, by kind. Each value has the
 * form it takes in a URL (already %-encoded, so that bytes that are not
 * UTF-8 can be written) and, where it has one, in a JSON body (a raw JSON
 * fragment, so that numbers past float8 and lone surrogates can be written).
 */
export interface HostileValue {
  label: string;
  /** In a path segment or a query value, as sent on the wire. */
  url?: string;
  /** In a JSON body, as raw JSON text. */
  json?: string;
  /** A JSON body that is not UTF-8 at all. */
  bytes?: Buffer;
  /** The parameter given twice (a list where one value is expected). */
  repeated?: boolean;
}

const huge = 'x'.repeat(100_000);
const hugeChinese = '中'.repeat(34_000);
const text = (label: string, value: string): HostileValue => ({ label, url: encodeURIComponent(value), json: JSON.stringify(value) });
const number = (label: string, literal: string): HostileValue => ({ label, url: encodeURIComponent(literal), json: literal });

export const HOSTILE_VALUES: HostileValue[] = [
  // NUL and other control characters
  text('NUL', '\u0000'),
  text('NUL inside', 'a\u0000b'),
  text('escape sequence', '\u001b[31mred'),
  text('backspace', '\u0008'),
  text('DEL', '\u007f'),
  // Text that is not Unicode
  { label: 'lone high surrogate', url: '%ED%A0%80', json: '"\\ud800"' },
  { label: 'lone low surrogate inside', url: 'a%ED%BF%BFb', json: '"a\\udfffb"' },
  { label: 'invalid UTF-8 byte', url: '%FF', json: undefined },
  { label: 'overlong UTF-8', url: '%C0%80' },
  { label: 'truncated UTF-8', url: '%E4%BD' },
  { label: 'a JSON body that is not UTF-8', bytes: Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe, 0xc0]), Buffer.from('"}')]) },
  // Numbers past int8 and float8
  number('past int8', '9223372036854775808'),
  number('below int8', '-9223372036854775809'),
  number('twenty digits', '99999999999999999999'),
  number('past float8', '1e309'),
  number('below float8', '-1e309'),
  number('below the smallest float8', '1e-400'),
  number('int8 max', '9223372036854775807'),
  number('negative zero', '-0'),
  number('fraction', '1.5'),
  number('negative', '-1'),
  text('NaN', 'NaN'),
  text('Infinity', 'Infinity'),
  text('hexadecimal', '0x1F'),
  // Empty and huge
  text('empty', ''),
  text('spaces', '   '),
  text('100 kB', huge),
  text('100 kB of Chinese', hugeChinese),
  // Unicode case and width twins
  text('dotted capital I', 'DEMO-ADMİN'),
  text('dotless i', 'demo-admın'),
  text('full-width', 'ｄｅｍｏ－ａｄｍｉｎ'),
  text('long s and Kelvin', 'ſtreet K'),
  text('emoji and combining marks', '路灯🚧e\u0301\u200d'),
  // What goes wrong in SQL, LIKE, paths and pages
  text('SQL quote', "'; DROP TABLE projects; --"),
  text('LIKE wildcards', '%_\\'),
  text('path traversal', '../../../etc/passwd'),
  text('markup', '<script>alert(1)</script>'),
  // Shapes where a scalar belongs
  { label: 'a list', url: '1', repeated: true, json: '[1,2]' },
  { label: 'an object', json: '{"a":1}' },
  { label: 'null', json: 'null' },
  { label: 'true', url: 'true', json: 'true' },
  { label: 'a prototype key', json: '{"__proto__":{"polluted":1}}' },
  { label: 'deep nesting', json: `${'['.repeat(2000)}${']'.repeat(2000)}` },
];
