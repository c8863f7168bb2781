// Lint rules are the house style made mechanical (docs/../STYLE.md rule 14):
// type-aware checks catch floating promises and unsafe `any`; the restricted
// globals keep time and randomness injected, so the simulator can replay a run.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const injectedTimeAndRandomness = {
  'no-restricted-properties': [
    'error',
    { object: 'Date', property: 'now', message: 'Use the injected Clock.' },
    { object: 'Math', property: 'random', message: 'Use the injected Random.' },
  ],
  'no-restricted-syntax': [
    'error',
    {
      selector: "NewExpression[callee.name='Date'][arguments.length=0]",
      message: 'Use the injected Clock: new Date(clock.now()).',
    },
  ],
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'coverage/**', '.tabline/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/only-throw-error': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Engine and domain code: time and randomness come in through interfaces.
    files: [
      'packages/domain/src/**/*.ts',
      'packages/pos/src/**/*.ts',
      'packages/workers/src/**/*.ts',
      'packages/server/src/**/*.ts',
    ],
    ignores: ['**/system-clock.ts', '**/crypto-random.ts'],
    rules: injectedTimeAndRandomness,
  },
  {
    // The web apps: hooks called unconditionally, effects with honest dependencies.
    files: ['apps/web/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly' },
    },
  },
);
