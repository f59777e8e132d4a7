import { readdirSync, readFileSync } from "node:fs";
import { FluentBundle, FluentResource } from "@fluent/bundle";
import { describe, expect, it } from "vitest";
import { CATALOGUE, messageIdOf, type FindingCode } from "../src/diagnosis/catalogue.js";
import { localesDir, SUPPORTED_LANGUAGES, t } from "../src/i18n.js";

const dir = localesDir();

function load(lang: string) {
  const bundle = new FluentBundle(lang, { useIsolating: false });
  const errors: string[] = [];
  const files = readdirSync(`${dir}/${lang}`).filter((f) => f.endsWith(".ftl"));
  for (const file of files) {
    const source = readFileSync(`${dir}/${lang}/${file}`, "utf8");
    const resource = new FluentResource(source);
    // Fluent skips a broken entry silently (as Junk): count the ids written against the ids parsed.
    const written = source.match(/^[a-zA-Z][\w-]*\s*=/gm)?.length ?? 0;
    if (written !== resource.body.length) errors.push(`${file}: ${written - resource.body.length} entries did not parse`);
    errors.push(...bundle.addResource(resource).map((e) => `${file}: ${e.message}`));
  }
  return { bundle, errors, files };
}

/** message id → sorted attribute names, over every file of a language. */
function shape(lang: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const file of readdirSync(`${dir}/${lang}`).filter((f) => f.endsWith(".ftl"))) {
    const resource = new FluentResource(readFileSync(`${dir}/${lang}/${file}`, "utf8"));
    for (const entry of resource.body as Array<{ id: string; attributes?: Record<string, unknown> }>) {
      if (!entry.id || entry.id.startsWith("-")) continue;
      out[entry.id] = Object.keys(entry.attributes ?? {}).sort();
    }
  }
  return out;
}

describe("locales", () => {
  it.each(SUPPORTED_LANGUAGES)("%s parses without errors", (lang) => {
    expect(load(lang).errors).toEqual([]);
  });

  it.each(SUPPORTED_LANGUAGES.filter((l) => l !== "en"))("%s has exactly the messages and attributes of en", (lang) => {
    expect(shape(lang)).toEqual(shape("en"));
  });

  it.each(SUPPORTED_LANGUAGES)("%s explains every finding code with title, why and fix, using only the known variables", (lang) => {
    const { bundle } = load(lang);
    const vars = { host: "bot.example.com", port: "443", path: "/hook", url: "https://bot.example.com/hook" };
    for (const code of Object.keys(CATALOGUE) as FindingCode[]) {
      const message = bundle.getMessage(messageIdOf(code));
      expect(message, `${lang}: ${code}`).toBeDefined();
      for (const attr of ["title", "why", "fix"]) {
        const pattern = message!.attributes[attr];
        expect(pattern, `${lang}: ${code}.${attr}`).toBeDefined();
        const errors: Error[] = [];
        const text = bundle.formatPattern(pattern, vars, errors);
        expect(errors.map(String), `${lang}: ${code}.${attr}`).toEqual([]);
        expect(text.trim().length).toBeGreaterThan(0);
        expect(text).not.toMatch(/\{\$?[a-z]/);
      }
    }
  });

  it("the shared translator substitutes variables and falls back to a supported language", () => {
    expect(t("en", "tls-incomplete_chain.fix", { host: "bot.example.com", port: "443", path: "/", url: "https://bot.example.com/" })).toContain(
      "/etc/letsencrypt/live/bot.example.com/fullchain.pem",
    );
    expect(t("de-DE", "verdict-ok")).toBe(t("en", "verdict-ok"));
  });
});
