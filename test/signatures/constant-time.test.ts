import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { diagnoseSignature } from "../../src/diagnosis/signature-doctor.js";
import { sign, verify } from "../../src/probes/signatures/schemes.js";

/**
 * Timing is not measured in unit tests; what is checked instead is where comparisons happen. The project
 * verifies signatures and tokens in two modules (the verifier and the mistake detector); both must go
 * through safeEqual, the one place that calls timingSafeEqual. A new verifier elsewhere, or an `===`
 * against a received value, fails here and has to be looked at.
 */
const root = new URL("../../src/", import.meta.url).pathname;
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
const sources = files(root).map((path) => ({ path: relative(root, path), text: readFileSync(path, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "") }));
const VERIFYING_MODULES = ["probes/signatures/schemes.ts", "diagnosis/signature-doctor.ts"];

describe("constant-time comparison wherever the project verifies", () => {
  it("HMACs are computed only in the signatures module, and timingSafeEqual is called in one place: safeEqual", () => {
    expect(sources.filter((s) => /createHmac\(/.test(s.text)).map((s) => s.path)).toEqual(["probes/signatures/schemes.ts"]);
    const calls = sources.flatMap((s) => [...s.text.matchAll(/timingSafeEqual\(/g)].map(() => s.path));
    expect(calls).toEqual(["probes/signatures/schemes.ts"]);
    expect(sources.find((s) => s.path === "probes/signatures/schemes.ts")!.text).toMatch(/export function safeEqual\([^)]*\)[^{]*\{[^}]*timingSafeEqual\(x, y\)/);
  });

  it("the verifying modules compare received values only through safeEqual, never with == or ===", () => {
    // Names that hold what a sender sent, or a signature computed to compare with it.
    const receivedSide = /signature|received|candidate|header|token|expected|want|correct|bare|entries|digest|\br\b/i;
    const offending: string[] = [];
    for (const s of sources.filter((x) => VERIFYING_MODULES.includes(x.path))) {
      for (const m of s.text.matchAll(/([\w.$[\]()"']+)\s*(?:===|!==|==|!=)\s*([\w.$[\]()"']+)/g)) {
        const operands = [m[1], m[2]].map((o) => o.replace(/^\(+/, "")).filter((o) => !/^["'\d]|^undefined$|^null$/.test(o));
        // Comparing the held secret with its own trimmed form says nothing about what was received.
        if (operands.some((o) => receivedSide.test(o.replace(/^c\.secret(\.trim\(\))?$/, "")))) offending.push(`${s.path}: ${m[0]}`);
      }
      expect(s.text).toMatch(/safeEqual\(/);
    }
    expect(offending).toEqual([]);
  });

  it("a signature of another length is refused without an exception (no early length check leaking through a throw)", () => {
    const input = { secret: "s3cret", payload: Buffer.from("{}") };
    const good = sign("github", input);
    for (const candidate of [good.slice(0, -1), `${good}0`, "", "sha256="]) expect(verify("github", input, candidate)).toBe(false);
    expect(diagnoseSignature({ scheme: "bearer", secret: "tok_1234", payload: Buffer.from("{}"), signature: "Bearer tok_12345" }).code).toBe("sig.mismatch");
  });
});
