import { messageIdOf } from "../diagnosis/catalogue.js";
import { classifyMessage } from "../diagnosis/classify.js";
import { t } from "../i18n.js";
import { evidenceLines } from "../render/finding-text.js";

export const MAX_EXPLAIN_INPUT = 100_000;

/** `webhook-doctor explain "<text>"`: classify and answer. An unknown string is an answer (exit 0), not an error. */
export async function explainCommand(text: string, opts: { json: boolean; lang: string }, out: { stdout: (s: string) => void; stderr: (s: string) => void }): Promise<number> {
  if (text.trim() === "") {
    out.stderr(`${t(opts.lang, "cli-error")}: ${t(opts.lang, "cli-explain-empty")}\n`);
    return 2;
  }
  if (text.length > MAX_EXPLAIN_INPUT) {
    out.stderr(`${t(opts.lang, "cli-error")}: ${t(opts.lang, "cli-argument-too-long")}\n`);
    return 2;
  }
  const { code, evidence } = classifyMessage(text);
  const id = messageIdOf(code);
  const vars = { host: "<your-host>", port: "443", path: "/", url: "https://<your-host>/" };
  const title = t(opts.lang, `${id}.title`, vars);
  const why = t(opts.lang, `${id}.why`, vars);
  const fix = t(opts.lang, `${id}.fix`, vars);
  if (opts.json) {
    out.stdout(JSON.stringify({ code, title, fix }, null, 2) + "\n");
  } else {
    const lines = [`${title}  [${code}]`, "", why, "", ...evidenceLines(evidence).map((l) => `  ${l}`), "", `${t(opts.lang, "report-fix")}:`, fix.replace(/^```$/gm, "")];
    out.stdout(lines.join("\n").replace(/\n{3,}/g, "\n\n") + "\n");
  }
  return 0;
}
