import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CHECK_OPTIONS, COMMANDS, EXPLAIN_OPTIONS, main, type Io } from "../../src/cli/main.js";
import { VERIFY_SIGNATURE_OPTIONS } from "../../src/cli/verify-signature-command.js";
import { CONFIRM_OPTIONS } from "../../src/cli/confirm-command.js";
import { SUPPORTED_LANGUAGES } from "../../src/i18n.js";

function capture(env: NodeJS.ProcessEnv = {}) {
  const out = { stdout: "", stderr: "" };
  const io: Io = { stdout: (s) => (out.stdout += s), stderr: (s) => (out.stderr += s), env };
  return { io, out };
}

/** Every option any command parses, as it is typed: --name. Taken from the parsers' own tables. */
const PARSED_OPTIONS = [...new Set([CHECK_OPTIONS, EXPLAIN_OPTIONS, VERIFY_SIGNATURE_OPTIONS, CONFIRM_OPTIONS].flatMap((table) => Object.keys(table)))].map((name) => `--${name}`);

/** Every WEBHOOK_DOCTOR_* variable the CLI reads, found in its source. */
const CLI_ENV = [...new Set(readdirSync("src/cli").flatMap((file) => readFileSync(`src/cli/${file}`, "utf8").match(/WEBHOOK_DOCTOR_[A-Z_]+/g) ?? []))];

/** The source lines of the cli-usage message in one language, without the `cli-usage =` line. */
function usageSourceLines(lang: string): string[] {
  const source = readFileSync(`locales/${lang}/cli.ftl`, "utf8").split("\n");
  const start = source.indexOf("cli-usage =");
  const end = source.findIndex((line, i) => i > start && /^\S/.test(line));
  return source.slice(start + 1, end).filter((line, i, all) => line.trim() !== "" || i < all.length - 1);
}

describe("webhook-doctor --help prints the whole usage", () => {
  it("parses options and reads variables (sanity: the tables are not empty)", () => {
    expect(PARSED_OPTIONS.length).toBeGreaterThan(20);
    expect(CLI_ENV).toContain("WEBHOOK_DOCTOR_BOT_TOKEN");
  });

  it.each(SUPPORTED_LANGUAGES)("%s: every command, every parsed option and every variable, every line of the text", async (lang) => {
    const { io, out } = capture({ WEBHOOK_DOCTOR_LANG: lang });
    expect(await main(["--help"], io)).toBe(0);
    const printed = out.stdout.trimEnd().split("\n");
    // As many lines as the source message has: a line that ended the message early would be missing here.
    expect(printed.length).toBe(usageSourceLines(lang).length);
    expect(printed.length).toBeGreaterThan(30);
    for (const command of COMMANDS) expect(out.stdout, `${lang}: ${command}`).toContain(`webhook-doctor ${command}`);
    for (const option of PARSED_OPTIONS) expect(out.stdout, `${lang}: ${option}`).toMatch(new RegExp(`${option}(?![\\w-])`));
    for (const variable of CLI_ENV) expect(out.stdout, `${lang}: ${variable}`).toContain(variable);
    // The last line (exit status) arrives: the message was not cut.
    expect(printed.at(-1)).toMatch(/0.*1.*2/);
  });

  it.each([["help"], ["-h"]])("%s prints the same text", async (flag) => {
    const a = capture();
    const b = capture();
    await main([flag], a.io);
    await main(["--help"], b.io);
    expect(a.out.stdout).toBe(b.out.stdout);
  });
});

describe("bad invocations say what is wrong", () => {
  it.each(SUPPORTED_LANGUAGES)("%s: verify-signature with no arguments names every missing option", async (lang) => {
    const { io, out } = capture({ WEBHOOK_DOCTOR_LANG: lang });
    expect(await main(["verify-signature"], io)).toBe(2);
    for (const option of ["--scheme", "--secret", "--payload-file", "--signature"]) expect(out.stderr).toContain(option);
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });

  it("verify-signature with the secret in the environment does not ask for --secret", async () => {
    const { io, out } = capture({ WEBHOOK_DOCTOR_SECRET: "s" });
    expect(await main(["verify-signature"], io)).toBe(2);
    expect(out.stderr).toContain("--payload-file");
    expect(out.stderr).not.toContain("--secret");
  });

  it.each([
    ["check", "https://a.example", "--bogus"],
    ["explain", "502 Bad Gateway", "--bogus"],
    ["verify-signature", "--bogus"],
  ])("an unknown option of %s prints the error and the whole usage", async (...argv) => {
    const { io, out } = capture();
    const help = capture();
    await main(["--help"], help.io);
    expect(await main(argv, io)).toBe(2);
    expect(out.stderr).toContain("--bogus");
    expect(out.stderr).toContain(help.out.stdout.trimEnd());
  });
});
