#!/usr/bin/env node
import { realpathSync, statSync } from "node:fs";
import { request } from "node:http";
import { fileURLToPath } from "node:url";
import { HEARTBEAT_MAX_AGE_MS } from "./heartbeat.js";

/**
 * The container's HEALTHCHECK command (`node dist/src/server/healthcheck.js`), exit 0 healthy, 1 not.
 * Webhook mode: GET /healthz on the webhook listener (HOST:PORT; 0.0.0.0 is asked on 127.0.0.1).
 * Polling mode: the heartbeat file (HEARTBEAT_FILE) was written within the last minute.
 * It reads the same environment as the bot, so one image works in both modes.
 */
export async function healthy(env: NodeJS.ProcessEnv, now = Date.now()): Promise<{ ok: boolean; why: string }> {
  if ((env.BOT_MODE ?? "polling").trim() === "webhook") {
    const host = !env.HOST || env.HOST === "0.0.0.0" || env.HOST === "::" ? "127.0.0.1" : env.HOST;
    const port = Number(env.PORT ?? 8080);
    return new Promise((resolve) => {
      const req = request({ host, port, path: "/healthz", timeout: 5_000, agent: false }, (res) => {
        res.resume();
        resolve({ ok: res.statusCode === 200, why: `GET /healthz answered ${res.statusCode}` });
      });
      req.on("timeout", () => req.destroy(new Error("no answer within 5 s")));
      req.on("error", (error) => resolve({ ok: false, why: `GET http://${host}:${port}/healthz: ${error.message}` }));
      req.end();
    });
  }
  const file = env.HEARTBEAT_FILE;
  if (!file) return { ok: false, why: "polling mode needs HEARTBEAT_FILE for a health check" };
  try {
    const age = now - statSync(file).mtimeMs;
    return { ok: age <= HEARTBEAT_MAX_AGE_MS, why: `heartbeat ${Math.round(age / 1000)} s old` };
  } catch {
    return { ok: false, why: `no heartbeat file at ${file}` };
  }
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  healthy(process.env).then(({ ok, why }) => {
    console.log(why);
    process.exit(ok ? 0 : 1);
  });
}
