/**
 * Telegram's broadcast limit as Telegram counts it: at most `perSecond` messages in any one-second window.
 * Sends are spaced evenly (1/perSecond apart); one that a late timer or a slow answer held back is caught up
 * with a small credit (`burst` sends), so the average stays at the limit instead of drifting below it, and the
 * window check keeps the catch-up from ever putting more than `perSecond` sends into one second.
 */
export class SendPacer {
  /** Start times of the sends within the last second, oldest first. */
  private readonly recent: number[] = [];
  private credit: number;
  private refilledAt?: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst = 2,
  ) {
    this.credit = burst;
  }

  /** How long to wait before the next send may start, in whole milliseconds (0: now). */
  wait(now: number): number {
    this.refill(now);
    while (this.recent.length > 0 && now - this.recent[0] >= 1_000) this.recent.shift();
    const windowWait = this.recent.length >= this.perSecond ? this.recent[0] + 1_000 - now : 0;
    const creditWait = this.credit >= 1 ? 0 : ((1 - this.credit) * 1_000) / this.perSecond;
    // Whole milliseconds, as clocks and timers count: a fraction left over would be a wait of nothing.
    return Math.ceil(Math.max(windowWait, creditWait) - 1e-9);
  }

  /** A send started at `at`. */
  took(at: number): void {
    this.refill(at);
    this.credit -= 1;
    this.recent.push(at);
  }

  private refill(now: number): void {
    const elapsed = this.refilledAt === undefined ? Infinity : Math.max(0, now - this.refilledAt);
    this.credit = Math.min(this.burst, this.credit + (elapsed * this.perSecond) / 1_000);
    this.refilledAt = now;
  }
}
