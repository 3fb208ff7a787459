// Lint rules: the recommended TypeScript set, with unused names allowed when prefixed by "_", and
// no function in src/ over 80 lines (blank lines and comments not counted) unless a disable
// comment on it says why.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const LONG_FUNCTION = { max: 80, skipBlankLines: true, skipComments: true };

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/**/*.test.ts'],
    rules: { 'max-lines-per-function': ['error', LONG_FUNCTION] },
  },
);
