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
    // The fault suite's report is written by its teardown after a full run: to out/faults/FAULTS.md,
    // or to bench/FAULTS.md under `npm run faults`. The guard fails a CI run that changed a tracked
    // file; it comes first because teardowns run in reverse order (it must see the others' writes).
    globalSetup: ['test/helpers/trackedFilesGuard.ts', 'test/helpers/globalSetup.ts', 'test/faults/helpers/faultsReport.ts'],
  },
});
