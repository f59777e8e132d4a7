import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Zoo tests start real servers (nginx, TLS listeners): give them room, but never hang CI.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // The run's own temp dir, checked empty at the end; each file's tempDir()s removed after it.
    globalSetup: ["test/support/temp-guard.ts"],
    setupFiles: ["test/support/temp-cleanup.ts"],
  },
});
