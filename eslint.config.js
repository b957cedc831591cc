import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// The engine and the CLI run under plain Node: they must never pull in Electron,
// React or the renderer (ARCHITECTURE.md, "Layers").
const plainNodeOnly = {
  patterns: [
    { group: ['electron', 'electron/*', 'electron-store'], message: 'electron/core and electron/cli run under plain Node: no Electron.' },
    { group: ['react', 'react-dom', 'react/*', 'react-dom/*', '@xterm/*'], message: 'electron/core and electron/cli must not load React or the UI.' },
    { group: ['**/renderer/**', '**/renderer'], message: 'electron/core and electron/cli must not import the renderer.' },
    { group: ['**/main/**', '**/preload/**'], message: 'electron/core and electron/cli must not import the Electron shell.' },
  ],
};

export default tseslint.config(
  { ignores: ['.tmp/**', 'out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test-artifacts/**', 'bench/results*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-control-regex': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['electron/core/**', 'electron/cli/**'],
    rules: { 'no-restricted-imports': ['error', plainNodeOnly] },
  },
  {
    files: ['electron/shared/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          ...plainNodeOnly.patterns,
          { group: ['**/core/**', '**/cli/**', 'node:*'], message: 'electron/shared is the contract: no engine code, no Node built-ins.' },
        ],
      }],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          // Bare module names only: a relative path into electron/shared (the contract) is allowed.
          { regex: '^(electron(/.*)?|node:.*)$', message: 'The renderer talks only to window.hookgate.' },
          { group: ['**/core/**', '**/cli/**', '**/main/**', '**/preload/**'], message: 'The renderer talks only to window.hookgate (electron/shared types).' },
        ],
      }],
    },
  },
);
