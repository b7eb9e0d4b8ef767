// One lint for every workspace: typescript-eslint's type-checked rules over each package's own
// tsconfig (the project service finds it), React's hook rules for the browser code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.lienthong/**',
      'control-plane/src/generated/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // A `default:` branch is an explicit decision; without one, every case of a union must be handled.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // `_name` marks a parameter kept for its position (express error handlers) or a field left out on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // An async function without await is how handlers here turn a throw into a rejection the pipeline maps to an error.
      '@typescript-eslint/require-await': 'off',
      // Props, contexts and collaborators declare callbacks with method syntax; none of them uses `this`.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // A double cast (`x as unknown as T`) checks nothing at all. Where a wire shape meets a library's
    // own type, a single `as` does it, kept in that package's adapter (sfu/src/media/wire-adapters.ts,
    // web-viewer/src/site/wire-adapters.ts); elsewhere typing does (declaration merging, zod, narrow
    // interfaces). Only tests may build a partial fake this way.
    ignores: ['**/test/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: ":matches(TSAsExpression, TSTypeAssertion) > :matches(TSAsExpression, TSTypeAssertion).expression[typeAnnotation.type=/^TS(Unknown|Any)Keyword$/]",
          message: 'No double cast: type it, parse it with zod, or convert in the package\'s wire adapter with a single `as`.',
        },
      ],
    },
  },
  {
    files: ['**/test/**/*.{ts,tsx}', 'infra/e2e/**/*.ts'],
    rules: {
      // vitest's asymmetric matchers (expect.any, expect.stringContaining...) are typed any, and
      // assertions read raw JSON answers on purpose (the point is to check what came over the wire).
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['web-viewer/src/**/*.{ts,tsx}', 'web-viewer/test/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    // The two rules of hooks; the React Compiler's own rules are for apps built with the compiler, which this one is not.
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
);
