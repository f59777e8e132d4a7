import { describe, expect, it } from "vitest";
import { main, type Io } from "../../src/cli/main.js";
import { CATALOGUE, messageIdOf, type FindingCode } from "../../src/diagnosis/catalogue.js";
import { classifyMessage } from "../../src/diagnosis/classify.js";
import { SUPPORTED_LANGUAGES } from "../../src/i18n.js";

/**
 * Every finding code can be explained: `webhook-doctor explain <code>` (as a report prints it) answers with that
 * code's own title, why and fix in every language. A code added to the catalogue without its texts, or with a
 * Fluent slip that drops an attribute, fails here.
 */
const codes = (Object.keys(CATALOGUE) as FindingCode[]).filter((c) => c !== "unknown");

async function explain(argv: string[]) {
  const out = { stdout: "", stderr: "" };
  const io: Io = { stdout: (s) => (out.stdout += s), stderr: (s) => (out.stderr += s), env: {} };
  const code = await main(["explain", ...argv], io);
  return { code, ...out };
}

describe("explain <finding code>", () => {
  it("reads a code in the shapes reports print it, and nothing that merely looks like one", () => {
    expect(classifyMessage("tls.untrusted_root").code).toBe("tls.untrusted_root");
    expect(classifyMessage("[payload.limit_too_small]").code).toBe("payload.limit_too_small");
    expect(classifyMessage("`http.waf_blocked`").code).toBe("http.waf_blocked");
    expect(classifyMessage("tls.no_such_code").code).not.toBe("tls.no_such_code");
    expect(classifyMessage("see tls.untrusted_root in the log").code).not.toBe("tls.untrusted_root");
  });

  describe.each(SUPPORTED_LANGUAGES)("in %s", (lang) => {
    it.each(codes)("%s", async (code) => {
      const answer = await explain([code, "--json", "--lang", lang]);
      expect(answer.code).toBe(0);
      const json = JSON.parse(answer.stdout) as { code: string; title: string; fix: string };
      expect(json.code).toBe(code);
      const id = messageIdOf(code);
      for (const text of [json.title, json.fix]) {
        expect(text.trim().length).toBeGreaterThanOrEqual(2); // Chinese titles are four or five characters
        expect(text).not.toContain(id);
        expect(text).not.toMatch(/\{\s*\$|undefined/);
      }
      const plain = await explain([code, "--lang", lang]);
      expect(plain.stdout).toContain(`[${code}]`);
      expect(plain.stdout).not.toContain(`${id}.why`);
    });
  });
});
