import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/database.js";
import { LeaseRepository } from "../../src/store/lease-repository.js";
import { tempDir } from "../support/temp.js";

// The lease table through two connections to one file, as two processes see it.
const dir = tempDir("wd-lease-");
const path = join(dir, "lease.sqlite");
const first = openDatabase(path);
const second = openDatabase(path);
afterAll(() => {
  first.close();
  second.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("leases", () => {
  it("one holder at a time; renewals keep the tenure; another takes it only after expiry; release frees it at once", () => {
    const a = new LeaseRepository(first);
    const b = new LeaseRepository(second);
    const T = 1_000_000;
    expect(a.tryAcquire("job", "a", T, 3_000)).toBe(T);
    expect(b.tryAcquire("job", "b", T + 1, 3_000)).toBeUndefined();
    expect(a.tryAcquire("job", "a", T + 1_000, 3_000)).toBe(T); // renewed: same tenure
    expect(b.tryAcquire("job", "b", T + 3_999, 3_000)).toBeUndefined(); // renewed until T + 4000
    expect(b.tryAcquire("job", "b", T + 4_000, 3_000)).toBe(T + 4_000); // expired: b's tenure begins
    expect(a.tryAcquire("job", "a", T + 4_001, 3_000)).toBeUndefined();
    expect(b.get("job")).toMatchObject({ holder: "b", acquired_at: T + 4_000, expires_at: T + 7_000 });
    expect(a.release("job", "a")).toBe(false); // not a's to release
    expect(b.release("job", "b")).toBe(true);
    expect(a.tryAcquire("job", "a", T + 4_002, 3_000)).toBe(T + 4_002);
    expect(b.tryAcquire("other", "b", T, 3_000)).toBe(T); // leases are per name
  });
});
