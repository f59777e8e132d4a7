import { describe, expect, it } from "vitest";
import { main, type Io } from "../../src/cli/main.js";

async function explain(text: string, lang = "en") {
  const out = { stdout: "", stderr: "" };
  const io: Io = { stdout: (s) => (out.stdout += s), stderr: (s) => (out.stderr += s), env: {} };
  const code = await main(["explain", text, "--lang", lang], io);
  return { code, ...out };
}
const codeOf = async (text: string) => /\[([a-z_.]+)\]/.exec((await explain(text)).stdout)?.[1];

describe("explain: private roots and client certificates", () => {
  it("a chain ending at a root nobody trusts (OpenSSL 19) is tls.untrusted_root, in each language", async () => {
    for (const lang of ["en", "ru", "zh"]) {
      const r = await explain("Verify return code: 19 (self-signed certificate in certificate chain)", lang);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("[tls.untrusted_root]");
    }
    expect(await codeOf("Error: self signed certificate in certificate chain (SELF_SIGNED_CERT_IN_CHAIN)")).toBe("tls.untrusted_root");
  });

  it("a lone self-signed certificate stays tls.self_signed", async () => {
    expect(await codeOf("Verify return code: 18 (self-signed certificate)")).toBe("tls.self_signed");
    expect(await codeOf("SSL certificate problem: self-signed certificate")).toBe("tls.self_signed");
  });

  it("a server demanding a client certificate: OpenSSL's alert 116, nginx's 400 page, Apache's log line", async () => {
    for (const text of [
      "error:0A00045C:SSL routines::tlsv13 alert certificate required:ssl/record/rec_layer_s3.c:1605:SSL alert number 116",
      "400 No required SSL certificate was sent",
      "[ssl:error] [pid 42] AH02261: Re-negotiation handshake failed: peer did not return a certificate",
    ]) {
      for (const lang of ["en", "ru", "zh"]) expect((await explain(text, lang)).stdout, text).toContain("[tls.client_certificate_required]");
    }
  });
});
