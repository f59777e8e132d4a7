import { InlineKeyboard } from "grammy";
import { htmlVars } from "../../render/telegram.js";
import { isContentMessage } from "../chat-rules.js";
import type { Dialog, DialogContext } from "../context.js";

/**
 * The building blocks of every dialog: a question with buttons, a free-text answer checked at once,
 * and a secret that is deleted from the chat as soon as it is read. A wrong answer gets a friendly
 * message and the question stays open, so nobody starts over for a typo; /cancel leaves at any point.
 */

/** How many wrong answers one question takes before the dialog gives up (a bound, not a limit people meet). */
const MAX_ATTEMPTS = 25;

/**
 * Ends the dialog after telling the person why (too many answers that did not fit). It halts the
 * conversation rather than throwing: an abandoned dialog is an ordinary end, not an error to log.
 */
export async function abandon(conversation: Dialog, ctx: DialogContext): Promise<never> {
  await ctx.reply(ctx.t("chat-dialog-abandoned"));
  return conversation.halt();
}

/** Commands other than the ones a prompt understands get a reminder, not silence. */
async function remindOfDialog(ctx: DialogContext): Promise<void> {
  await ctx.reply(ctx.t("dialog-in-progress"));
}

/** Callback data of the dialogs' own buttons (choices, skip). */
export const isDialogButton = (data: string | undefined) => data !== undefined && (data.startsWith("wd:choice:") || data === "wd:skip");

/**
 * The next update that answers the question sent as message `questionId`: a message from the person, or a
 * press on a button of that very question. Presses on other buttons (a report's, an older question's) go
 * on to the rest of the bot, which answers them; edits, reactions and the like are not answers.
 */
export async function nextAnswer(conversation: Dialog, questionId?: number): Promise<DialogContext> {
  for (;;) {
    const answer = await conversation.wait();
    // Service messages (a member joined, a pin, a topic created) are no answer, whoever caused them.
    if (answer.message && (answer.message.text !== undefined || isContentMessage(answer))) return answer;
    const query = answer.callbackQuery;
    if (query && isDialogButton(query.data) && questionId !== undefined && query.message?.message_id === questionId) return answer;
    await conversation.skip({ next: query !== undefined });
  }
}

export async function askChoice<T extends string>(conversation: Dialog, ctx: DialogContext, question: string, choices: Array<[T, string]>, perRow = 1): Promise<T> {
  const keyboard = new InlineKeyboard();
  choices.forEach(([value, label], i) => {
    keyboard.text(ctx.t(label), `wd:choice:${value}`);
    if ((i + 1) % perRow === 0) keyboard.row();
  });
  const asked = await ctx.reply(ctx.t(question), { parse_mode: "HTML", reply_markup: keyboard });
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const answer = await nextAnswer(conversation, asked.message_id);
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
    if (answer.callbackQuery) {
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
  return abandon(conversation, ctx);
}

/** A text answer; `check` returns the localized problem (message id and variables) or the accepted value. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string; vars?: Record<string, string> };

export async function askText<T>(conversation: Dialog, ctx: DialogContext, question: string, check: (text: string) => Checked<T>, vars?: Record<string, string>): Promise<T> {
  const asked = await ctx.reply(ctx.t(question, htmlVars(vars)), { parse_mode: "HTML" });
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const answer = await nextAnswer(conversation, asked.message_id);
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
    await answer.reply(answer.t(result.problem, htmlVars(result.vars)), { parse_mode: "HTML" });
  }
  return abandon(conversation, ctx);
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
  const asked = await ctx.reply(ctx.t(question), { parse_mode: "HTML", ...(skip ? { reply_markup: skip } : {}) });
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const answer = await nextAnswer(conversation, asked.message_id);
    if (answer.callbackQuery) {
      if (optional && answer.callbackQuery.data === "wd:skip") {
        await answer.answerCallbackQuery();
        await answer.reply(answer.t("dialog-skipped"));
        return undefined;
      }
      await answer.answerCallbackQuery({ text: answer.t("dialog-send-text") });
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
    await answer.reply(`${answer.t(result.problem, htmlVars(result.vars))}\n${note}`, { parse_mode: "HTML" });
  }
  return abandon(conversation, ctx);
}
