#!/usr/bin/env node
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { defaultOptions, type AuthSpec, type CheckRequest, type ResolveEntry, type SignatureScheme } from "../diagnosis/check-request.js";
import type { Platform } from "../diagnosis/report.js";
import { standardWebhooksSecretProblem } from "../diagnosis/signature-doctor.js";
import { normalizeLanguage, t } from "../i18n.js";
import { unsupportedNode } from "../node-support.js";
import { localizedReport } from "../render/finding-text.js";
import { renderTerminal } from "./render-terminal.js";

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
  color?: boolean;
  /** stderr is a terminal: progress can be redrawn in place (the burst's progress bar). */
  tty?: boolean;
}

/** Exit codes: 0 nothing failed, 1 at least one failure, 2 bad invocation. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

class UsageError extends Error {}

const PLATFORMS: Platform[] = ["telegram", "whatsapp", "generic"];
const SCHEMES: SignatureScheme[] = ["github", "stripe", "standard-webhooks", "slack", "meta", "custom"];
/** The commands `main` dispatches; the usage text names each (test/ops/cli-help.test.ts keeps it so). */
export const COMMANDS = ["check", "explain", "verify-signature", "confirm"] as const;

/** What `check` parses: the usage text documents every one of these options in every language. */
export const CHECK_OPTIONS = {
  platform: { type: "string" },
  token: { type: "string" },
  "secret-token": { type: "string" },
  "api-root": { type: "string" },
  resolve: { type: "string", multiple: true },
  "allow-private": { type: "boolean" },
  deep: { type: "boolean" },
  timeout: { type: "string" },
  json: { type: "boolean" },
  lang: { type: "string" },
  "health-path": { type: "string" },
  "verify-token": { type: "string" },
  "app-secret": { type: "string" },
  auth: { type: "string" },
  scheme: { type: "string" },
  secret: { type: "string" },
  header: { type: "string" },
  algorithm: { type: "string" },
  encoding: { type: "string" },
  prefix: { type: "string" },
  "bearer-token": { type: "string" },
  burst: { type: "boolean" },
} as const satisfies NonNullable<ParseArgsConfig["options"]>;

export const EXPLAIN_OPTIONS = { json: { type: "boolean" }, lang: { type: "string" } } as const satisfies NonNullable<ParseArgsConfig["options"]>;

/** A longer argument is a paste gone wrong, not a webhook secret or URL. */
const MAX_ARGUMENT_LENGTH = 100_000;

export async function main(argv: string[], io: Io): Promise<number> {
  const lang = languageFrom(argv, io.env);
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case "check":
        return await checkCommand(rest, io, lang);
      case "explain":
        return await explainFromArgs(rest, io, lang);
      case "confirm": {
        const { confirmCommand } = await import("./confirm-command.js");
        return await confirmCommand(rest, io, lang);
      }
      case "verify-signature": {
        // Each command loads only what it needs: `explain` should not pay for the HTTP and TLS stack.
        const { verifySignatureCommand } = await import("./verify-signature-command.js");
        return await verifySignatureCommand(rest, io.env, io, lang);
      }
      case "help":
      case "--help":
      case "-h":
      case undefined:
        io.stdout(t(lang, "cli-usage") + "\n");
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        throw new UsageError(t(lang, "cli-unknown-command", { command: String(command).slice(0, 40) }));
    }
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.stderr(`${t(lang, "cli-error")}: ${(error as Error).message}\n${t(lang, "cli-usage")}\n`);
      return EXIT.usage;
    }
    // Never a stack trace for the user; the message is enough to report a bug.
    io.stderr(`${t(lang, "cli-internal-error")}: ${(error as Error)?.message ?? String(error)}\n`);
    return EXIT.usage;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException)?.code ?? "";
  return code.startsWith("ERR_PARSE_ARGS");
}

function languageFrom(argv: string[], env: NodeJS.ProcessEnv): string {
  const i = argv.indexOf("--lang");
  const flag = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith("--lang="))?.slice(7);
  return normalizeLanguage(flag ?? env.WEBHOOK_DOCTOR_LANG ?? env.LC_ALL ?? env.LANG);
}

async function checkCommand(args: string[], io: Io, lang: string): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: CHECK_OPTIONS,
  });
  for (const value of [...positionals, ...Object.values(values).flat()]) {
    if (typeof value === "string" && value.length > MAX_ARGUMENT_LENGTH) throw new UsageError(t(lang, "cli-argument-too-long"));
  }
  if (positionals.length !== 1 || positionals[0].trim() === "") throw new UsageError(t(lang, "cli-missing-url"));

  const platform = (values.platform ?? "telegram") as Platform;
  if (!PLATFORMS.includes(platform)) throw new UsageError(t(lang, "cli-bad-platform", { value: String(values.platform).slice(0, 40) }));

  const env = io.env;
  const request: CheckRequest = {
    url: positionals[0],
    platform,
    secrets: {
      botToken: values.token ?? env.WEBHOOK_DOCTOR_BOT_TOKEN,
      secretToken: values["secret-token"] ?? env.WEBHOOK_DOCTOR_SECRET_TOKEN,
      verifyToken: values["verify-token"] ?? env.WEBHOOK_DOCTOR_VERIFY_TOKEN,
      appSecret: values["app-secret"] ?? env.WEBHOOK_DOCTOR_APP_SECRET,
      signingSecret: values.secret ?? env.WEBHOOK_DOCTOR_SECRET,
      bearerToken: values["bearer-token"] ?? env.WEBHOOK_DOCTOR_BEARER_TOKEN,
    },
    auth: parseAuth(values, lang),
    options: defaultOptions(platform, {
      apiRoot: values["api-root"] ?? env.TELEGRAM_API_ROOT ?? undefined,
      resolve: (values.resolve ?? []).map((r) => parseResolve(r, lang)),
      allowPrivate: values["allow-private"] ?? false,
      deep: values.deep ?? false,
      healthPath: values["health-path"],
      ...(values.timeout !== undefined ? { httpTimeoutMs: parseTimeout(values.timeout, lang) } : {}),
    }),
  };
  if (!request.options.apiRoot) request.options.apiRoot = defaultOptions(platform).apiRoot;
  if (platform === "whatsapp" && !request.secrets.verifyToken) throw new UsageError(t(lang, "cli-whatsapp-needs-verify-token"));
  if (request.auth?.kind === "hmac" && !request.secrets.signingSecret) throw new UsageError(t(lang, "cli-hmac-needs-secret"));
  if (request.auth?.kind === "hmac" && request.auth.scheme === "standard-webhooks") {
    // Whitespace around an otherwise good secret is named as such, before strict decoding calls it "not base64".
    const problem = standardWebhooksSecretProblem(request.secrets.signingSecret!);
    if (problem) throw new UsageError(t(lang, problem === "sig.secret_whitespace" ? "cli-sw-secret-whitespace" : "cli-sw-secret-not-base64"));
  }
  if (request.auth?.kind === "bearer" && !request.secrets.bearerToken) throw new UsageError(t(lang, "cli-bearer-needs-token"));

  if (values.burst) {
    const { burstCheckCommand } = await import("./burst-command.js");
    return burstCheckCommand(request, io, lang, values.json ?? false);
  }
  const { runCheck } = await import("../diagnosis/checklist.js");
  const report = await runCheck(request);
  if (values.json) io.stdout(JSON.stringify(localizedReport(report, lang), null, 2) + "\n");
  else io.stdout(renderTerminal(report, lang, { color: io.color ?? false }));
  return report.verdict === "fail" ? EXIT.failed : EXIT.ok;
}

function parseAuth(values: Record<string, string | boolean | string[] | undefined>, lang: string): AuthSpec | undefined {
  const kind = values.auth as string | undefined;
  if (kind === undefined) {
    if (values.scheme !== undefined) throw new UsageError(t(lang, "cli-scheme-needs-auth"));
    return undefined;
  }
  if (kind === "bearer") return { kind: "bearer" };
  if (kind !== "hmac") throw new UsageError(t(lang, "cli-bad-auth", { value: kind.slice(0, 40) }));
  const scheme = (values.scheme ?? "") as SignatureScheme;
  if (!SCHEMES.includes(scheme)) throw new UsageError(t(lang, "cli-bad-scheme", { value: String(values.scheme ?? "").slice(0, 40), schemes: SCHEMES.join(", ") }));
  const algorithm = values.algorithm as string | undefined;
  if (algorithm !== undefined && !["sha1", "sha256", "sha512"].includes(algorithm)) throw new UsageError(t(lang, "cli-bad-algorithm"));
  const encoding = values.encoding as string | undefined;
  if (encoding !== undefined && !["hex", "base64"].includes(encoding)) throw new UsageError(t(lang, "cli-bad-encoding"));
  if (scheme === "custom" && !values.header) throw new UsageError(t(lang, "cli-custom-needs-header"));
  return {
    kind: "hmac",
    scheme,
    header: values.header as string | undefined,
    algorithm: algorithm as "sha1" | "sha256" | "sha512" | undefined,
    encoding: encoding as "hex" | "base64" | undefined,
    prefix: values.prefix as string | undefined,
  };
}

/** curl's syntax: host:port:address, the address possibly an IPv6 literal in brackets. */
export function parseResolve(value: string, lang = "en"): ResolveEntry {
  const match = /^([^:\s]+):(\d{1,5}):(\[[0-9a-fA-F:.]+\]|[0-9a-fA-F:.]+)$/.exec(value.trim());
  const port = match ? Number(match[2]) : 0;
  if (!match || port < 1 || port > 65535) throw new UsageError(t(lang, "cli-bad-resolve", { value: value.slice(0, 80) }));
  return { host: match[1], port, address: match[3].replace(/^\[|\]$/g, "") };
}

function parseTimeout(value: string, lang: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) throw new UsageError(t(lang, "cli-bad-timeout", { value: value.slice(0, 40) }));
  return Math.round(seconds * 1000);
}

async function explainFromArgs(args: string[], io: Io, lang: string): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: EXPLAIN_OPTIONS });
  const { explainCommand } = await import("./explain-command.js");
  return explainCommand(positionals.join(" "), { json: values.json ?? false, lang }, io);
}

// Run when executed directly (as the `webhook-doctor` bin or `node dist/src/cli/main.js`), not when imported by tests.
const invokedPath = process.argv[1] ? realpathSync(process.argv[1]) : "";
if (invokedPath === fileURLToPath(import.meta.url)) {
  const io: Io = {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    env: process.env,
    color: process.stdout.isTTY && !process.env.NO_COLOR,
    tty: process.stderr.isTTY,
  };
  // The CLI opens no database: only Node's minimum applies (the bot's start also refuses Node versions that abort on SQLite).
  const nodeProblem = unsupportedNode({ sqlite: false });
  if (nodeProblem) {
    io.stderr(`${nodeProblem}\n`);
    process.exitCode = EXIT.usage;
  } else {
    main(process.argv.slice(2), io).then((code) => {
      process.exitCode = code;
    });
  }
}
