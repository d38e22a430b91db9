import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real servers on loopback: give slow CI machines room, but every probe has its own bound.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
