import { Composer } from "grammy";
import { checkUrl } from "../../diagnosis/checks/url.js";
import type { CheckJobs } from "../check-jobs.js";
import type { BotContext } from "../context.js";

/**
 * `@bot https://...` in any chat: a quick check (URL, DNS, TCP, TLS, HTTP) offered as an article to send.
 * The handler never waits for probes: the job answers the inline query when the check is done.
 */
export function inlineFeature(jobs: CheckJobs, lang: (ctx: BotContext) => string) {
  const feature = new Composer<BotContext>();
  feature.on("inline_query", async (ctx) => {
    const text = ctx.inlineQuery.query.trim();
    const hint = (key: string) =>
      ctx.answerInlineQuery([], { cache_time: 5, is_personal: true, button: { text: ctx.t(key), start_parameter: "inline-help" } });
    // Inline queries arrive as the user types: only a complete-looking URL starts probes.
    if (!/^https:\/\/[^\s/]+\.[^\s/]+/i.test(text) || checkUrl(text, "telegram").findings.some((f) => f.severity === "fail")) return hint("inline-type-url");
    const result = jobs.enqueueInline({ id: ctx.inlineQuery.id, userId: ctx.from.id, lang: lang(ctx), url: text });
    if (result !== "started") return hint(result === "busy" ? "inline-busy" : "inline-rate-limited");
  });
  return feature;
}
