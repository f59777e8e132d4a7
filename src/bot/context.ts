import type { Conversation, ConversationFlavor } from "@grammyjs/conversations";
import type { I18nFlavor } from "@grammyjs/i18n";
import type { Context } from "grammy";

/** The context of an ordinary update. */
export type BotContext = ConversationFlavor<Context & I18nFlavor>;
/** The context inside a conversation (rebuilt by the plugin on each replay): no conversation controls. */
export type DialogContext = Context & I18nFlavor;
export type Dialog = Conversation<BotContext, DialogContext>;
