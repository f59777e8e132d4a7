import { describe, expect, it } from "vitest";
import { SendPacer } from "../../src/monitor/pacer.js";

/** Drives a pacer with a clock whose timers fire `lateMs` late (a busy machine), sending whenever allowed. */
function simulate(pacer: SendPacer, seconds: number, lateMs: number, sendMs: number): number[] {
  const sends: number[] = [];
  let now = 0;
  for (let guard = 0; now < seconds * 1_000 && guard < 1_000_000; guard++) {
    const wait = pacer.wait(now);
    if (wait > 0) {
      now += wait + lateMs;
      continue;
    }
    pacer.took(now);
    sends.push(now);
    now += sendMs; // the request itself
  }
  return sends;
}

const maxInAnySecond = (sends: number[]) => Math.max(...sends.map((t, i) => sends.slice(i).filter((u) => u - t < 1_000).length));

describe("SendPacer: Telegram's 30 messages a second, counted as Telegram counts them", () => {
  it.each([0, 3, 8])("timers %i ms late: never more than 30 in any second, and the average stays at the limit", (late) => {
    const sends = simulate(new SendPacer(30), 60, late, 5);
    expect(maxInAnySecond(sends)).toBeLessThanOrEqual(30);
    expect(sends.length / 60).toBeGreaterThanOrEqual(29.5);
  });

  it("a stall (a slow answer) is caught up with at most the burst credit, without breaking the window", () => {
    const pacer = new SendPacer(30, 2);
    const sends: number[] = [];
    let now = 0;
    for (let i = 0; i < 200; i++) {
      const wait = pacer.wait(now);
      now += wait;
      pacer.took(now);
      sends.push(now);
      now += i === 50 ? 200 : 1; // one request takes 200 ms
    }
    expect(maxInAnySecond(sends)).toBeLessThanOrEqual(30);
    const gapsAfterStall = sends.slice(52, 55).map((t, i) => t - sends[51 + i]);
    expect(Math.min(...gapsAfterStall)).toBeLessThan(33); // catching up
  });
});
