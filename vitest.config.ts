import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Zoo tests start real servers (nginx, TLS listeners): give them room, but never hang CI.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
