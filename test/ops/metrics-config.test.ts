import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

const base = { BOT_TOKEN: "560301:AAHconfigCONFIGconfigCONFIGconfig01" };
const webhook = { ...base, BOT_MODE: "webhook", WEBHOOK_URL: "https://bot.example.com/hook", WEBHOOK_SECRET: "s3cret", PORT: "8080" };

describe("METRICS_* and HEARTBEAT_FILE settings", () => {
  it("metrics are off unless METRICS_PORT is set; loopback by default", () => {
    const config = loadConfig(base);
    expect(config.metricsPort).toBeUndefined();
    expect(config.metricsHost).toBe("127.0.0.1");
    expect(config.heartbeatFile).toBeUndefined();
    expect(loadConfig({ ...base, METRICS_PORT: " " }).metricsPort).toBeUndefined();
  });

  it("takes a port, a host and a heartbeat file", () => {
    const config = loadConfig({ ...webhook, METRICS_PORT: "9464", METRICS_HOST: "0.0.0.0", HEARTBEAT_FILE: "/tmp/alive" });
    expect(config).toMatchObject({ metricsPort: 9464, metricsHost: "0.0.0.0", heartbeatFile: "/tmp/alive" });
  });

  it.each([["metrics"], ["70000"], ["0"]])("refuses METRICS_PORT=%s", (port) => {
    expect(() => loadConfig({ ...base, METRICS_PORT: port })).toThrow(/METRICS_PORT must be a port number/);
  });

  it("refuses the webhook port for metrics (it is public)", () => {
    expect(() => loadConfig({ ...webhook, METRICS_PORT: "8080" })).toThrow(ConfigError);
    expect(() => loadConfig({ ...webhook, METRICS_PORT: "8080" })).toThrow(/never served on the public webhook port/);
    // Polling mode opens no webhook port: the same number is fine there.
    expect(loadConfig({ ...base, PORT: "8080", METRICS_PORT: "8080" }).metricsPort).toBe(8080);
  });
});
