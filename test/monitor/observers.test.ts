import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { Monitor } from "../../src/monitor/monitor.js";
import { registeredObservers, type WatchObserver } from "../../src/monitor/observers/index.js";
import { registerObserver } from "../../src/monitor/observers/observer.js";
import { renderAlert } from "../../src/render/alert-text.js";
import { WatchesRepository } from "../../src/store/watches-repository.js";
import { freshDatabase, secretBox } from "./helpers.js";

// Watch kinds are a registry: a kind registered from outside the core is observed by the monitor and judged
// by detection with no change to either. No network: the test kind observes a counter.
const { db, dir } = freshDatabase("wd-observers-");
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("watch kinds registry", () => {
  it("has the Telegram record and the endpoint, in that order", () => {
    expect(registeredObservers().map((o) => o.name)).toEqual(["telegram", "endpoint"]);
  });

  it("a kind registered later is observed for the rows it applies to, and its first look joins the start message", async () => {
    let looks = 0;
    const heartbeat: WatchObserver<{ beats: number }> = {
      name: "heartbeat",
      configured: (row) => row.label === "heartbeat",
      observe: async () => ({ beats: ++looks }),
      detect: (state, observation) => void ((state as Record<string, unknown>).beats = observation.beats),
      firstLook: () => ({ failing: false }),
    };
    registerObserver(heartbeat);
    expect(() => registerObserver(heartbeat)).toThrow(/registered twice/);

    const watches = new WatchesRepository(db);
    const row = watches.insert({ ownerId: 1, label: "heartbeat", intervalS: 60, nextRunAt: 0, createdAt: 0 });
    watches.insert({ ownerId: 1, label: "other", intervalS: 60, nextRunAt: Number.MAX_SAFE_INTEGER, createdAt: 0 });
    const monitor = new Monitor({ db, box: secretBox(), apiRoot: "http://127.0.130.1:9", allowPrivate: true });
    await Promise.all(monitor.startDue());
    expect(looks).toBe(1);
    expect(JSON.parse(watches.get(row.id)!.state_json)).toMatchObject({ beats: 1, started: true });
    const alert = db.prepare("SELECT kind, payload_json FROM alerts WHERE watch_id = ?").get(row.id) as { kind: string; payload_json: string };
    expect(alert.kind).toBe("watch_started");
    const event = { kind: "watch_started" as const, ...JSON.parse(alert.payload_json) };
    expect(event.parts).toEqual({ heartbeat: { failing: false } });
    expect(renderAlert(event, { id: row.id, label: "heartbeat", bot_username: null, url: null }, "en")).toContain("heartbeat: no problem seen.");
  });
});
