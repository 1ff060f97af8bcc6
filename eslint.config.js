import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The boundary between client and server (docs/development/architecture.md):
 * the client shares server/src/domain/ and nothing else of the server, and
 * domain/ stays pure (no I/O, nothing from the server's other folders), so
 * what the client shares cannot pull the server in behind it.
 */

const CLIENT_SHARES_ONLY_DOMAIN = {
  patterns: [
    {
      regex: String.raw`(^|/)server/src/(?!domain/)`,
      message:
        'The client imports from the server only through server/src/domain/, the shared module (pure TypeScript: schemas, kinds, statuses, rules). Move what it needs there.',
    },
  ],
};

/** no-restricted-imports options keeping domain/ pure; `outside` matches a relative path leaving the folder. */
const DOMAIN_STAYS_PURE = (outside) => ({
  paths: ['pg', 'fastify', 'exceljs'],
  patterns: [
    { regex: outside, message: 'server/src/domain/ is shared with the client: it imports nothing from the rest of the server.' },
    { regex: '^(node:|@fastify/|@electric-sql/)', message: 'server/src/domain/ is shared with the client: no I/O.' },
  ],
});

export default tseslint.config(
  { ignores: ['client/dist/**', 'data/**', 'node_modules/**', 'tests/bench/results/**', 'docs/.vitepress/cache/**', 'docs/.vitepress/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['client/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  { files: ['client/**/*.{ts,tsx}'], rules: { 'no-restricted-imports': ['error', CLIENT_SHARES_ONLY_DOMAIN] } },
  { files: ['server/src/domain/*.ts'], rules: { 'no-restricted-imports': ['error', DOMAIN_STAYS_PURE(String.raw`^\.\./`)] } },
  { files: ['server/src/domain/*/**/*.ts'], rules: { 'no-restricted-imports': ['error', DOMAIN_STAYS_PURE(String.raw`^\.\./\.\./`)] } },
);
