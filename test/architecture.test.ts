import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** The layering the README promises, kept by a test: probes observe and never judge; the bot never touches sockets. */
function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourcesUnder(path) : path.endsWith(".ts") ? [path] : [];
  });
}
const importsOf = (file: string) => [...readFileSync(file, "utf8").matchAll(/from\s+"([^"]+)"/g)].map((m) => m[1]!);

describe("architecture", () => {
  it("probes import nothing from diagnosis/, bot/, monitor/ or render/", () => {
    const offenders = sourcesUnder("src/probes").flatMap((f) =>
      importsOf(f).filter((i) => /\/(diagnosis|bot|monitor|render)\//.test(i)).map((i) => `${f}: ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it("the bot, renderers and storage open no sockets", () => {
    const offenders = ["src/bot", "src/render", "src/store"].flatMap((dir) =>
      sourcesUnder(dir).flatMap((f) => importsOf(f).filter((i) => /^(node:)?(net|tls|dgram|dns|http|https)$|^undici$/.test(i)).map((i) => `${f}: ${i}`)),
    );
    expect(offenders).toEqual([]);
  });
});
