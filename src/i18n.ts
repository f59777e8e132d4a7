import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { I18n, type I18nFlavor } from "@grammyjs/i18n";
import type { Context } from "grammy";

/** All user-facing text lives in locales/<lang>/*.ftl; this one loader serves the CLI, the bot and alerts. */
export const SUPPORTED_LANGUAGES = ["en", "ru", "zh"] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "en";

/** `zh-hans`, `zh-CN`, `ru-RU` → a supported language, or English. */
export function normalizeLanguage(code: string | undefined | null): Language {
  const base = (code ?? "").toLowerCase().split(/[-_]/)[0];
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(base) ? (base as Language) : DEFAULT_LANGUAGE;
}

/** src/i18n.ts and dist/src/i18n.js sit at different depths: find the locales folder beside package.json. */
export function localesDir(): string {
  for (const relative of ["../locales", "../../locales"]) {
    const path = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(`${path}/en`)) return path;
  }
  throw new Error("locales/ folder not found next to package.json");
}

export function createI18n<C extends Context = Context>(options: { localeNegotiator?: (ctx: C & I18nFlavor) => string | undefined } = {}): I18n<C & I18nFlavor> {
  return new I18n<C & I18nFlavor>({
    defaultLocale: DEFAULT_LANGUAGE,
    ...(options.localeNegotiator ? { localeNegotiator: options.localeNegotiator } : {}),
    directory: localesDir(),
    // Isolation marks (U+2068/U+2069) around variables show up as junk in terminals and copied text.
    fluentBundleOptions: { useIsolating: false },
  });
}

let shared: I18n<Context & I18nFlavor> | undefined;
/** Translate outside a bot update (CLI, job runner, monitor). */
export function t(lang: string, key: string, vars?: Record<string, string | number>): string {
  const i18n = (shared ??= createI18n());
  return i18n.t(normalizeLanguage(lang), key, vars);
}

const messageIds = new Map<Language, Set<string>>();
/** True when the language has this message: optional texts (a fix tailored to one stack) are looked up before use. */
export function hasMessage(lang: string, id: string): boolean {
  const language = normalizeLanguage(lang);
  let ids = messageIds.get(language);
  if (!ids) {
    const dir = `${localesDir()}/${language}`;
    const sources = readdirSync(dir).filter((f) => f.endsWith(".ftl")).map((f) => readFileSync(`${dir}/${f}`, "utf8"));
    ids = new Set(sources.flatMap((source) => [...source.matchAll(/^([a-zA-Z][\w-]*)\s*=/gm)].map((m) => m[1])));
    messageIds.set(language, ids);
  }
  return ids.has(id);
}
