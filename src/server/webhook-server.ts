import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { type Bot, type Context, webhookCallback } from "grammy";
import type { Logger } from "pino";
import { ALLOWED_UPDATES, describeError, StartupError, type UpdateIntake } from "./intake.js";

/** Telegram updates are a few KiB; anything near this is not an update. */
export const MAX_UPDATE_BYTES = 1024 * 1024;
/**
 * Handlers only enqueue work, so they end in milliseconds. If one is held up anyway (auto-retry waiting out
 * a 429), Telegram still gets its 200 after this long and the handler carries on in the background.
 */
export const HANDLER_TIMEOUT_MS = 5_000;
/** Parallel connections Telegram may open; handlers are cheap, so the API's default is plenty. */
export const MAX_CONNECTIONS = 40;

export interface WebhookServerOptions {
  /** The public URL Telegram posts to; its path is the one route that takes updates. */
  webhookUrl: string;
  secretToken: string;
  host: string;
  port: number;
  logger: Logger;
  maxBodyBytes?: number;
  handlerTimeoutMs?: number;
}

export interface WebhookServer {
  listen(): Promise<AddressInfo>;
  /** Readiness turns 503 and update POSTs get 503; resolves when the update requests already taken are answered. */
  drain(): Promise<void>;
  /** Stops listening and closes the remaining connections. */
  close(): Promise<void>;
  readonly draining: boolean;
}

class BodyTooLarge extends Error {}
class ClientGone extends Error {}

/**
 * The webhook endpoint on node:http:
 *   POST <path of WEBHOOK_URL>  an update, checked against X-Telegram-Bot-Api-Secret-Token by grammY (401 when wrong)
 *   GET  /healthz               liveness: 200 while the process serves HTTP at all
 *   GET  /readyz                readiness: 200 while updates are taken, 503 once draining
 * anything else 404 (405 for a wrong method on the update path).
 */
export function createWebhookServer<C extends Context>(bot: Bot<C>, options: WebhookServerOptions): WebhookServer {
  const { logger } = options;
  const hookPath = new URL(options.webhookUrl).pathname;
  const maxBody = options.maxBodyBytes ?? MAX_UPDATE_BYTES;
  const handle = webhookCallback(bot, "http", {
    secretToken: options.secretToken,
    onTimeout: "return",
    timeoutMilliseconds: options.handlerTimeoutMs ?? HANDLER_TIMEOUT_MS,
  });

  let draining = false;
  let inFlight = 0;
  let idleWaiters: Array<() => void> = [];
  const settle = () => {
    if (inFlight > 0) return;
    const wake = idleWaiters;
    idleWaiters = [];
    wake.forEach((w) => w());
  };

  const takeUpdate = async (req: IncomingMessage, res: ServerResponse) => {
    if (draining) {
      // Telegram keeps the update and retries it, by then on an instance that is not stopping.
      req.resume();
      return reply(res, 503, "draining", { "retry-after": "5", connection: "close" });
    }
    inFlight++;
    try {
      const body = await readBody(req, maxBody);
      // grammY's node adapter reads the body from the request stream; hand it the bounded copy instead.
      const replay = Object.assign(Readable.from([body]), { headers: req.headers, method: req.method, url: req.url });
      await handle(replay as unknown as IncomingMessage, res);
      if (res.statusCode === 401) logger.warn({ remote: req.socket.remoteAddress }, "update refused: wrong or missing secret token");
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        logger.warn({ remote: req.socket.remoteAddress, limit: maxBody }, "update refused: body too large");
        if (!res.headersSent) reply(res, 413, "payload too large", { connection: "close" });
        res.once("finish", () => req.destroy());
      } else if (error instanceof ClientGone) {
        logger.debug("update request abandoned by the client before its body was read");
      } else if (error instanceof SyntaxError) {
        if (!res.headersSent) reply(res, 400, "not a JSON update");
      } else {
        logger.error({ err: error }, "update handling failed");
        if (!res.headersSent) reply(res, 500, "internal error");
        else res.end();
      }
    } finally {
      inFlight--;
      settle();
    }
  };

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === hookPath && req.method === "POST") return void takeUpdate(req, res);
    req.resume();
    const read = req.method === "GET" || req.method === "HEAD";
    if (path === "/healthz" && read) return reply(res, 200, "ok");
    if (path === "/readyz" && read) return draining ? reply(res, 503, "draining") : reply(res, 200, "ready");
    if (path === hookPath || path === "/healthz" || path === "/readyz") return reply(res, 405, "method not allowed", { allow: path === hookPath ? "POST" : "GET, HEAD" });
    return reply(res, 404, "not found");
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  // Longer than the idle timeout of the usual proxies (60 s), so an idle connection is never closed by us
  // while the other side is about to reuse it (the keep-alive race the doctor warns about).
  server.keepAliveTimeout = 65_000;

  return {
    get draining() {
      return draining;
    },
    listen: () =>
      new Promise<AddressInfo>((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port, options.host, () => {
          server.off("error", reject);
          resolve(server.address() as AddressInfo);
        });
      }),
    drain: () => {
      draining = true;
      return inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    close: () =>
      new Promise<void>((resolve) => {
        draining = true;
        if (!server.listening) return resolve();
        // Connections still busy get a moment to finish their (503) answer, then are cut.
        const cut = setTimeout(() => server.closeAllConnections(), 2_000);
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

export interface WebhookModeOptions extends WebhookServerOptions {
  maxConnections?: number;
}

/**
 * Webhook mode start-up: check the token (getMe), listen, then register the webhook with Telegram
 * (listening first, so the first delivery finds us). Any failure is a StartupError with a message that says
 * what to change; the caller logs it and exits non-zero.
 */
export async function startWebhook<C extends Context>(bot: Bot<C>, options: WebhookModeOptions): Promise<UpdateIntake & { address: AddressInfo }> {
  const { logger } = options;
  try {
    await bot.init();
  } catch (error) {
    throw new StartupError(`The Bot API refused the bot or could not be reached (getMe: ${describeError(error)}); check BOT_TOKEN and TELEGRAM_API_ROOT`);
  }
  const server = createWebhookServer(bot, options);
  let address: AddressInfo;
  try {
    address = await server.listen();
  } catch (error) {
    throw new StartupError(`Cannot listen on ${options.host}:${options.port} (${describeError(error)}); change HOST or PORT`);
  }
  try {
    await bot.api.setWebhook(options.webhookUrl, {
      secret_token: options.secretToken,
      allowed_updates: ALLOWED_UPDATES,
      max_connections: options.maxConnections ?? MAX_CONNECTIONS,
    });
  } catch (error) {
    await server.close();
    throw new StartupError(
      `setWebhook failed (${describeError(error)}); WEBHOOK_URL must be a public https URL on port 443, 80, 88 or 8443 with a certificate Telegram trusts`,
    );
  }
  logger.info({ host: address.address, port: address.port, webhook_host: new URL(options.webhookUrl).host }, "webhook set; serving updates");
  return { address, stop: () => server.drain(), close: () => server.close(), alive: () => !server.draining };
}

function reply(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers }).end(`${text}\n`);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  if (Number(req.headers["content-length"] ?? 0) > limit) return Promise.reject(new BodyTooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const fail = (error: Error) => {
      if (done) return;
      done = true;
      req.removeAllListeners("data");
      req.pause();
      reject(error);
    };
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return fail(new BodyTooLarge());
      chunks.push(chunk);
    });
    req.once("end", () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks));
    });
    req.once("error", fail);
    req.once("close", () => fail(new ClientGone()));
  });
}
