import { afterAll } from "vitest";
import { removeTempDirs } from "./temp.js";

// A setup file (vitest.config.ts): after each test file, the temp dirs it made with tempDir() go, even when
// a test failed half-way. Registered before the file's own hooks, so it runs after them (databases closed).
afterAll(() => removeTempDirs());
