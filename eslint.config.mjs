// ESLint flat config: typescript-eslint recommended, plus the project rule that keeps
// src/detection/ free of the `vscode` module so it runs under plain mocha and in the CLI.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', 'test/fixtures/**', 'demo/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
    },
  },
  {
    files: ['src/detection/**/*.ts', 'src/gogs/**/*.ts', 'src/history/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/detection/, src/gogs/, src/history/ and the CLI must stay free of the vscode API (they run under plain mocha).' }],
      }],
    },
  },
  {
    // the detector stands alone: besides itself it may only use the fix lexer, a pure module without imports
    // (shared so that directives and quick fixes agree on what is a comment or a string)
    files: ['src/detection/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/detection/ must stay free of the vscode API (it runs under plain mocha and in the CLI).' }],
        patterns: [{ group: ['../*', '!../fix', '!../fix/lexer'], message: 'src/detection/ imports nothing from the rest of src/ except ../fix/lexer.' }],
      }],
    },
  },
  {
    files: ['src/fix/lexer.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['*', '**/*', '.*', '.*/**'], message: 'src/fix/lexer.ts is shared with src/detection/: it imports nothing.' }] }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly' } },
  },
);
