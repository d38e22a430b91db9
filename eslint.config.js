import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: Object.fromEntries(
        ['process', 'console', 'URL', 'fetch', 'AbortSignal', 'AbortController', 'setTimeout', 'clearTimeout',
          'setImmediate', 'setInterval', 'clearInterval', 'Buffer', 'TextEncoder', 'TextDecoder', 'performance']
          .map((name) => [name, 'readonly']),
      ),
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  {
    // The CLI layer and benchmarks are where output is allowed; probes and parsers never print.
    files: ['src/cli/**', 'src/demo/**', 'bench/**', 'bin/**', 'test/**', 'src/proxy/log.ts'],
    rules: { 'no-console': 'off' },
  },
);
