import { rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { join } from "node:path";
import { Bot, webhookCallback } from "grammy";
import { Telegraf } from "telegraf";
import { testPki } from "./certs.js";
import { tempDir } from "./temp.js";

/**
 * Real Telegram bot apps for the stack zoo, written the way their libraries document a webhook: grammY's
 * own `webhookCallback` (std http adapter) and Telegraf's `webhookCallback`, both checking the secret token.
 * Each also serves `GET /health` (200) so `--health-path /health` names a path that exists. Node's idle
 * keep-alive is raised above the proxies' upstream idle timeouts, as proxy and Node docs recommend.
 */

export const ZOO_BOT_TOKEN = "123456789:AAHfiqksKZ8WmR2zSjiQ7_zoo_stack_test_token";
export const ZOO_SECRET_TOKEN = "zoo-secret-token-0123456789";
const BOT_INFO = {
  id: 123456789,
  is_bot: true as const,
  first_name: "Zoo bot",
  username: "zoo_stack_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

export type AppKind = "grammy" | "telegraf";

export interface App {
  server: Server;
  /** Updates the bot handled (the probes' harmless ones included). */
  updates: number;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

/** Starts a bot app on address:port; `delayMs` makes every update handler slow (a slow app). */
export async function startBotApp(kind: AppKind, address: string, port: number, options: { delayMs?: number; path?: string } = {}): Promise<App> {
  const path = options.path ?? "/tg";
  const app: App = { server: undefined as unknown as Server, updates: 0, close: async () => undefined };
  const slow = () => (options.delayMs ? new Promise((r) => setTimeout(r, options.delayMs)) : undefined);
  let hook: Handler;
  if (kind === "grammy") {
    const bot = new Bot(ZOO_BOT_TOKEN, { botInfo: BOT_INFO, client: { apiRoot: "http://127.0.0.1:9" } });
    bot.use(async () => {
      app.updates++;
      await slow();
    });
    hook = webhookCallback(bot, "http", { secretToken: ZOO_SECRET_TOKEN, timeoutMilliseconds: 60_000 }) as unknown as Handler;
  } else {
    const bot = new Telegraf(ZOO_BOT_TOKEN, { telegram: { apiRoot: "http://127.0.0.1:9" } });
    bot.botInfo = BOT_INFO;
    bot.use(async () => {
      app.updates++;
      await slow();
    });
    hook = bot.webhookCallback(path, { secretToken: ZOO_SECRET_TOKEN }) as unknown as Handler;
  }
  const server = createServer((req, res) => {
    // A proxy that gives up on a body mid-way (a body limit) aborts the request: not the test's failure.
    req.on("error", () => undefined);
    if (req.method === "GET" && req.url === "/health") return void res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    if (req.url?.split("?")[0] !== path) return void res.writeHead(404).end();
    // grammY's http adapter returns a promise that rejects when the body read is aborted (Caddy cutting an
    // over-limit body): a real app would log it; here it must not become the test run's unhandled rejection.
    Promise.resolve(hook(req, res)).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  app.server = server;
  app.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  await new Promise<void>((r) => server.listen(port, address, r));
  return app;
}

export interface ZooTrust {
  rootPem: string;
  /** The root CA's PEM file (runCli's caFile). */
  path: string;
  /** Removes the file and gives NODE_EXTRA_CA_CERTS back its earlier value. */
  restore(): void;
}

/**
 * Trusts the test root CA for a whole zoo file: its PEM in a file, NODE_EXTRA_CA_CERTS pointing at it (concurrent
 * CLI runs each restore the variable when they end, so it stays set for the file), undone by restore().
 */
export async function trustZooRoot(): Promise<ZooTrust> {
  const rootPem = (await testPki()).root.cert;
  const saved = process.env.NODE_EXTRA_CA_CERTS;
  const dir = tempDir("wd-stacks-ca-");
  const path = join(dir, "root.pem");
  writeFileSync(path, rootPem);
  process.env.NODE_EXTRA_CA_CERTS = path;
  return {
    rootPem,
    path,
    restore: () => {
      rmSync(dir, { recursive: true, force: true });
      process.env.NODE_EXTRA_CA_CERTS = saved;
    },
  };
}
