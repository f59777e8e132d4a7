import { InlineKeyboard } from "grammy";
import type { Dialog, DialogContext } from "../context.js";

/**
 * The building blocks of every dialog: a question with buttons, a free-text answer checked at once,
 * and a secret that is deleted from the chat as soon as it is read. A wrong answer gets a friendly
 * message and the question stays open, so nobody starts over for a typo; /cancel leaves at any point.
 */

/** How many wrong answers one question takes before the dialog gives up (a bound, not a limit people meet). */
const MAX_ATTEMPTS = 25;

export class DialogAbandoned extends Error {}

/** Commands other than the ones a prompt understands get a reminder, not silence. */
async function remindOfDialog(ctx: DialogContext): Promise<void> {
  await ctx.reply(ctx.t("dialog-in-progress"));
}

export async function askChoice<T extends string>(conversation: Dialog, ctx: DialogContext, question: string, choices: Array<[T, string]>, perRow = 1): Promise<T> {
  const keyboard = new InlineKeyboard();
  choices.forEach(([value, label], i) => {
    keyboard.text(ctx.t(label), `wd:choice:${value}`);
    if ((i + 1) % perRow === 0) keyboard.row();
  });
  await ctx.reply(ctx.t(question), { parse_mode: "HTML", reply_markup: keyboard });
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const answer = await conversation.wait();
    const data = answer.callbackQuery?.data;
    if (data?.startsWith("wd:choice:")) {
      const value = data.slice("wd:choice:".length) as T;
      if (choices.some(([v]) => v === value)) {
        await answer.answerCallbackQuery();
        await answer.reply(`✔️ ${ctx.t(choices.find(([v]) => v === value)![1])}`);
        return value;
      }
      await answer.answerCallbackQuery({ text: ctx.t("dialog-use-buttons") });
      continue;
    }
    // Typing the choice works too ("telegram", "github").
    const typed = answer.message?.text?.trim().toLowerCase();
    const match = choices.find(([v]) => v === typed);
    if (match) return match[0];
    if (typed?.startsWith("/")) await remindOfDialog(answer);
    else await answer.reply(answer.t("dialog-use-buttons"));
  }
  throw new DialogAbandoned();
}

/** A text answer; `check` returns the localized problem (message id and variables) or the accepted value. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string; vars?: Record<string, string> };

export async function askText<T>(conversation: Dialog, ctx: DialogContext, question: string, check: (text: string) => Checked<T>, vars?: Record<string, string>): Promise<T> {
  await ctx.reply(ctx.t(question, vars), { parse_mode: "HTML" });
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const answer = await conversation.wait();
    const text = answer.message?.text;
    if (text === undefined) {
      await answer.reply(answer.t("dialog-send-text"));
      continue;
    }
    if (text.startsWith("/")) {
      await remindOfDialog(answer);
      continue;
    }
    const result = check(text);
    if (result.ok) return result.value;
    await answer.reply(answer.t(result.problem, result.vars), { parse_mode: "HTML" });
  }
  throw new DialogAbandoned();
}

/**
 * A secret (bot token, signing secret, verify token). The message carrying it is deleted right after it
 * is read, valid or not (a mistyped token is still a token), and the user is told so.
 */
export async function askSecret(
  conversation: Dialog,
  ctx: DialogContext,
  question: string,
  check: (text: string) => Checked<string>,
  optional: boolean,
): Promise<string | undefined> {
  const skip = optional ? new InlineKeyboard().text(ctx.t("button-skip"), "wd:skip") : undefined;
  await ctx.reply(ctx.t(question), { parse_mode: "HTML", ...(skip ? { reply_markup: skip } : {}) });
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const answer = await conversation.wait();
    if (answer.callbackQuery) {
      await answer.answerCallbackQuery();
      if (optional && answer.callbackQuery.data === "wd:skip") {
        await answer.reply(answer.t("dialog-skipped"));
        return undefined;
      }
      continue;
    }
    const text = answer.message?.text;
    if (text === undefined) {
      await answer.reply(answer.t("dialog-send-text"));
      continue;
    }
    if (optional && /^\/skip(@\w+)?$/.test(text.trim())) {
      await answer.reply(answer.t("dialog-skipped"));
      return undefined;
    }
    if (text.startsWith("/")) {
      await remindOfDialog(answer);
      continue;
    }
    const deleted = await answer.deleteMessage().then(
      () => true,
      () => false,
    );
    const note = answer.t(deleted ? "dialog-secret-deleted" : "dialog-secret-not-deleted");
    const result = check(text.trim());
    if (result.ok) {
      await answer.reply(note);
      return result.value;
    }
    await answer.reply(`${answer.t(result.problem, result.vars)}\n${note}`, { parse_mode: "HTML" });
  }
  throw new DialogAbandoned();
}
