import { readFileSync, statSync } from "node:fs";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { messageIdOf } from "../diagnosis/catalogue.js";
import { diagnoseSignature, SignatureInputError, type DoctorScheme } from "../diagnosis/signature-doctor.js";
import { t } from "../i18n.js";
import { evidenceLines } from "../render/finding-text.js";

const SCHEMES: DoctorScheme[] = ["github", "meta", "slack", "stripe", "standard-webhooks", "custom", "bearer"];
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
/** A signature header value: prefixes, hex, base64, commas and spaces (Stripe, Standard Webhooks), JWTs. */
const SIGNATURE_SHAPE = /^[A-Za-z0-9+/=_,.:\- ]{8,4096}$/;

/** What verify-signature parses: the usage text documents every one of these options in every language. */
export const VERIFY_SIGNATURE_OPTIONS = {
  scheme: { type: "string" },
  secret: { type: "string" },
  "payload-file": { type: "string" },
  signature: { type: "string" },
  timestamp: { type: "string" },
  id: { type: "string" },
  header: { type: "string" },
  algorithm: { type: "string" },
  encoding: { type: "string" },
  prefix: { type: "string" },
  json: { type: "boolean" },
  lang: { type: "string" },
} as const satisfies NonNullable<ParseArgsConfig["options"]>;

/** Without these nothing can be verified: all that are missing are named at once. */
const REQUIRED = ["scheme", "secret", "payload-file", "signature"] as const;

class BadInput extends Error {}

/** `webhook-doctor verify-signature`: exit 0 for sig.ok, 1 for a mistake found, 2 for bad input. */
export async function verifySignatureCommand(argv: string[], env: NodeJS.ProcessEnv, out: { stdout: (s: string) => void; stderr: (s: string) => void }, lang = "en"): Promise<number> {
  try {
    const { values } = parseArgs({ args: argv, strict: true, options: VERIFY_SIGNATURE_OPTIONS });
    const missing = REQUIRED.filter((name) => values[name] === undefined && !(name === "secret" && env.WEBHOOK_DOCTOR_SECRET));
    if (missing.length > 0) throw new BadInput(t(lang, "cli-sig-missing", { options: missing.map((name) => `--${name}`).join(", ") }));
    const scheme = values.scheme as DoctorScheme;
    if (!SCHEMES.includes(scheme)) throw new BadInput(t(lang, "cli-bad-scheme", { value: String(values.scheme ?? "").slice(0, 40), schemes: SCHEMES.join(", ") }));
    const secret = values.secret ?? env.WEBHOOK_DOCTOR_SECRET;
    if (!secret) throw new BadInput(t(lang, "cli-sig-needs-secret"));
    const signature = values.signature ?? "";
    if (!SIGNATURE_SHAPE.test(signature.trim())) throw new BadInput(t(lang, "cli-sig-bad-signature"));
    const file = values["payload-file"];
    if (!file) throw new BadInput(t(lang, "cli-sig-needs-payload"));
    let payload: Buffer;
    try {
      if (statSync(file).size > MAX_PAYLOAD_BYTES) throw new BadInput(t(lang, "cli-sig-payload-too-large"));
      payload = readFileSync(file);
    } catch (error) {
      if (error instanceof BadInput) throw error;
      throw new BadInput(t(lang, "cli-sig-payload-unreadable", { file: file.slice(0, 200) }));
    }
    if (values.timestamp !== undefined && !/^\d{1,12}$/.test(values.timestamp)) throw new BadInput(t(lang, "cli-sig-bad-timestamp"));
    const needsTimestamp = scheme === "slack" || scheme === "standard-webhooks";
    if (needsTimestamp && !values.timestamp) throw new BadInput(t(lang, "cli-sig-needs-timestamp"));
    if (scheme === "standard-webhooks" && !values.id) throw new BadInput(t(lang, "cli-sig-needs-id"));
    // Node would take any digest it knows (md5) or any buffer encoding: only the scheme's choices are meaningful.
    if (values.algorithm !== undefined && !["sha1", "sha256", "sha512"].includes(values.algorithm)) throw new BadInput(t(lang, "cli-bad-algorithm"));
    if (values.encoding !== undefined && !["hex", "base64"].includes(values.encoding)) throw new BadInput(t(lang, "cli-bad-encoding"));

    let result: ReturnType<typeof diagnoseSignature>;
    try {
      result = diagnoseSignature({
        scheme,
        secret,
        payload,
        signature,
        timestamp: values.timestamp,
        id: values.id,
        custom: {
          header: values.header,
          algorithm: values.algorithm as "sha1" | "sha256" | "sha512" | undefined,
          encoding: values.encoding as "hex" | "base64" | undefined,
          prefix: values.prefix,
        },
      });
    } catch (error) {
      // Not a mistake found but a case that cannot be judged as given (Stripe's t= missing, two timestamps).
      if (error instanceof SignatureInputError) throw new BadInput(t(lang, error.messageId, error.args));
      throw error;
    }
    const id = messageIdOf(result.code);
    const vars = { host: "your-host", port: "443", path: "/", url: "https://your-host/" };
    const title = t(lang, `${id}.title`, vars);
    const fix = t(lang, `${id}.fix`, vars);
    if (values.json) out.stdout(JSON.stringify({ code: result.code, title, fix, evidence: result.evidence }, null, 2) + "\n");
    else out.stdout([`${title}  [${result.code}]`, t(lang, `${id}.why`, vars), ...evidenceLines(result.evidence).map((l) => `  ${l}`), fix].join("\n") + "\n");
    return result.code === "sig.ok" ? 0 : 1;
  } catch (error) {
    const parseError = (error as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS") ?? false;
    const message = error instanceof BadInput || parseError ? (error as Error).message : String((error as Error).message ?? error);
    // An unknown or malformed option: show the whole usage, as the other commands do.
    out.stderr(`${t(lang, "cli-error")}: ${message}\n${parseError ? `${t(lang, "cli-usage")}\n` : ""}`);
    return 2;
  }
}
