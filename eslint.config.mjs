// The lint rules CI runs (`npm test` runs `npm run lint`): a small set that catches mistakes tsc does not — unused
// code, `==`, stray debugger statements, imports a layer may not make — without restyling the tree. Layering
// (docs/ARCHITECTURE.md): sandbox/api and sandbox/lib know no other part of kubelab; the mini cluster knows nothing
// of the app or the grader; browser code imports only browser code (and the protocol types).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// kubernetes-models gives the wire types of our kinds (sandbox/api/objects.ts); it is a devDependency and must never
// be loaded at run time, so it may only be imported with `import type`, everywhere.
const TYPES_ONLY = {
  group: ['kubernetes-models', 'kubernetes-models/**', '@kubernetes-models/**'],
  allowTypeImports: true,
  message: 'kubernetes-models is for types only: use `import type`',
};
const only = (patterns, message) => ({ patterns: [...patterns.map((group) => ({ group: [group], message })), TYPES_ONLY] });

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'test-output/**', 'coverage/**', 'sandbox/images/**/*.js', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      // Terminal and protocol code matches escape and control characters on purpose.
      'no-control-regex': 'off',
      // `any` is being driven out in steps (docs/ARCHITECTURE.md); new code uses the wire types.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-restricted-imports': ['error', { patterns: [TYPES_ONLY] }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-debugger': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // Plain CommonJS entry points and configs run by Node.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
  {
    files: ['sandbox/api/**', 'sandbox/lib/**', 'sandbox/util/**'],
    rules: { 'no-restricted-imports': ['error', only(['**/apiserver/**', '**/controllers/**', '**/kubelet/**', '**/network/**', '**/docker/**', '**/server/**', '**/grader/**', '**/web/**'], 'the bottom layer imports no other part of kubelab')] },
  },
  {
    files: ['sandbox/**'],
    rules: { 'no-restricted-imports': ['error', only(['**/server/**', '**/grader/**', '**/web/**', '**/labs/**'], 'the mini cluster knows nothing of the app, the grader or the course')] },
  },
  {
    files: ['grader/**'],
    rules: { 'no-restricted-imports': ['error', only(['**/server/**', '**/web/**'], 'the grader knows nothing of the web app')] },
  },
  {
    files: ['web/**'],
    rules: { 'no-restricted-imports': ['error', only(['**/server/**', '**/sandbox/**', '**/grader/**'], 'browser code imports browser code; share types through web/protocol.ts')] },
  },
);
