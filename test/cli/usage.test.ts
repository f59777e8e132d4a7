import { describe, expect, it } from "vitest";
import { main, parseResolve, type Io } from "../../src/cli/main.js";

function capture(env: NodeJS.ProcessEnv = {}) {
  const out = { stdout: "", stderr: "" };
  const io: Io = { stdout: (s) => (out.stdout += s), stderr: (s) => (out.stderr += s), env };
  return { io, out };
}

describe("webhook-doctor: bad invocations exit 2 with a clear message and no stack trace", () => {
  it.each([
    [["check"], "give exactly one URL"],
    [["check", ""], "give exactly one URL"],
    [["check", "https://a.example", "https://b.example"], "give exactly one URL"],
    [["check", "https://a.example", "--platform", "icq"], 'unknown platform "icq"'],
    [["check", "https://a.example", "--resolve", "nonsense"], "is not host:port:address"],
    [["check", "https://a.example", "--timeout", "soon"], "must be a number of seconds"],
    [["check", "https://a.example", "--bogus"], "Unknown option"],
    [["check", "https://a.example", "--platform", "whatsapp"], "needs the verify token"],
    [["check", "https://a.example", "--platform", "generic", "--auth", "hmac", "--scheme", "nope", "--secret", "s"], 'unknown --scheme "nope"'],
    [["check", "https://a.example", "--platform", "generic", "--auth", "hmac", "--scheme", "github"], "needs the signing secret"],
    [["check", `https://a.example/${"x".repeat(100_001)}`], "longer than 100,000 characters"],
    [["frobnicate"], 'unknown command "frobnicate"'],
  ])("%j", async (argv, message) => {
    const { io, out } = capture();
    expect(await main(argv as string[], io)).toBe(2);
    expect(out.stderr).toContain(message);
    expect(out.stderr).not.toMatch(/\n\s+at /); // no stack frames
  });

  it("speaks the requested language", async () => {
    const { io, out } = capture();
    expect(await main(["check", "--lang", "ru"], io)).toBe(2);
    expect(out.stderr).toContain("укажите ровно один URL");
  });
});

describe("--resolve parsing follows curl", () => {
  it("accepts IPv4 and bracketed IPv6", () => {
    expect(parseResolve("example.com:443:127.0.0.1")).toEqual({ host: "example.com", port: 443, address: "127.0.0.1" });
    expect(parseResolve("example.com:8443:[::1]")).toEqual({ host: "example.com", port: 8443, address: "::1" });
  });
  it("rejects a port out of range", () => {
    expect(() => parseResolve("example.com:70000:127.0.0.1")).toThrow();
  });
});
