import { describe, expect, it } from "vitest";
import { main, type Io } from "../../src/cli/main.js";

async function explain(text: string, lang = "en") {
  const out = { stdout: "", stderr: "" };
  const io: Io = { stdout: (s) => (out.stdout += s), stderr: (s) => (out.stderr += s), env: {} };
  const code = await main(["explain", text, "--lang", lang], io);
  return { code, ...out };
}

describe("explain: proxy vocabulary is read, and the evidence says which proxy and flag", () => {
  it("an HAProxy line with sH-- is the app outrunning `timeout server`, with the state in the evidence", async () => {
    const r = await explain('haproxy[1234]: 91.108.6.88:51234 [01/Dec/2026:10:00:00.123] fe_https~ be_bot/app1 0/0/1/-1/60002 504 194 - - sH-- 1/1/0/0/0 0/0 "POST /hook HTTP/1.1"');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("[http.gateway_timeout]");
    expect(r.stdout).toContain("proxy: haproxy");
    expect(r.stdout).toContain("termination_state: sH--");
  });

  it("Envoy's 503 UC is the keep-alive race, in each language", async () => {
    for (const lang of ["en", "ru", "zh"]) {
      const r = await explain('"POST /hook HTTP/1.1" 503 UC 0 95 2 - "91.108.6.88"', lang);
      expect(r.stdout).toContain("[keepalive.idle_race]");
      expect(r.stdout).toContain("response_flags: UC");
    }
  });

  it("nginx's 'upstream prematurely closed' is the keep-alive race, not a generic 502", async () => {
    const r = await explain("upstream prematurely closed connection while reading response header from upstream");
    expect(r.stdout).toContain("[keepalive.idle_race]");
  });

  it("the guide's short forms: SSL_ERROR, NETWORK_ERROR, TIMEOUT, WRONG_URL", async () => {
    const codes = [];
    for (const text of ["SSL_ERROR", "NETWORK_ERROR", "TIMEOUT", "WRONG_URL"]) codes.push(/\[([a-z_.]+)\]/.exec((await explain(text)).stdout)?.[1]);
    expect(codes).toEqual(["tls.verify_failed", "tcp.timeout", "http.timeout", "url.invalid"]);
  });
});
