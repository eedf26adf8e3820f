import tseslint from 'typescript-eslint';
import { layersRule } from './scripts/eslint/layers.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tmp/**', 'src/**/generated/**'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { ekslite: { rules: { layers: layersRule } } },
    rules: {
      'ekslite/layers': 'error',
      '@typescript-eslint/no-floating-promises': ['error', {
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] }],
      }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-throw-literal': 'error',
    },
  },
);
