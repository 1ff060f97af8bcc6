import { describe, expect, it } from 'vitest';
import { USERNAME_PATTERN, usernameKey } from './user.js';

describe('the username key', () => {
  it('folds ASCII case and full-width forms onto one name', () => {
    for (const spelling of ['Demo-Admin', 'DEMO-ADMIN', 'ｄｅｍｏ－ａｄｍｉｎ', 'ＤＥＭＯ-admin']) expect(usernameKey(spelling)).toBe('demo-admin');
  });

  it('keeps look-alikes that Unicode case mapping would fold onto a name apart from it, and they name no user', () => {
    for (const twin of ['demo-admİn', 'demo-admın', 'demo-admin\u0307']) {
      expect(usernameKey(twin)).not.toBe('demo-admin');
      expect(new RegExp(USERNAME_PATTERN).test(usernameKey(twin))).toBe(false);
    }
  });
});
