import { defineConfig } from 'vitest/config';

// One runner for every layer: unit (pure logic), integration (real ptys, shells,
// sockets, restic, borgmatic), renderer (jsdom) and e2e (headless Chromium).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    // The fault suite's report (bench/FAULTS.md) is written by its teardown after a full run.
    globalSetup: ['test/helpers/globalSetup.ts', 'test/faults/helpers/faultsReport.ts'],
  },
});
