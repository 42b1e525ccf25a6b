// Lint: ESLint's and typescript-eslint's recommended rules, with type information for the rules
// that need it (floating promises, misused promises), and Prettier owning the layout.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'build/', 'data/', 'dist/', 'coverage/', 'src/store/migrations/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      'no-console': 'off',
    },
  },
  {
    // The server logs through pino; console output belongs to the command line, scripts and tests.
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**', 'src/web/assets.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    // Plain JavaScript (this file, the browser script, a build script) is linted without type information.
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { projectService: false, program: null, project: false },
      globals: { window: 'readonly', document: 'readonly', console: 'readonly', process: 'readonly', URL: 'readonly' },
    },
  },
  prettier,
  {
    // After the Prettier entry, which turns max-len off: Prettier does not break strings, template literals,
    // regular expressions or comments, so this keeps those within 120 columns in the source too.
    files: ['src/**/*.ts'],
    rules: { 'max-len': ['error', { code: 120, ignoreUrls: false }] },
  },
);
