import type { ManualClock } from "../../emulator";

/**
 * Time for many concurrent operations without real sleeping: each operation's `sleep` parks it;
 * when every operation is parked or finished (none is waiting for an answer), the clock jumps to
 * the earliest wake-up and those operations go on. The emulator shares the clock, so its rate
 * limit and lags see the same time.
 */
export class VirtualTime {
  private sleepers: { at: number; wake: () => void }[] = [];
  private running = 0;

  constructor(readonly clock: ManualClock) {}

  readonly now = (): number => this.clock.now();

  readonly sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      this.sleepers.push({ at: this.clock.now() + ms, wake: resolve });
      this.running--;
      this.pump();
    });

  /** Runs the operations at once, to the end; resolves with every outcome. */
  async run<T>(ops: (() => Promise<T>)[]): Promise<PromiseSettledResult<T>[]> {
    this.running += ops.length;
    return Promise.allSettled(
      ops.map((op) =>
        op().finally(() => {
          this.running--;
          this.pump();
        }),
      ),
    );
  }

  private pump(): void {
    // Decided on the next turn: an answer already on its way counts as running.
    setImmediate(() => {
      if (this.running > 0 || this.sleepers.length === 0) return;
      const at = Math.min(...this.sleepers.map((s) => s.at));
      if (at > this.clock.now()) this.clock.set(at);
      const due = this.sleepers.filter((s) => s.at <= this.clock.now());
      this.sleepers = this.sleepers.filter((s) => s.at > this.clock.now());
      this.running += due.length;
      for (const s of due) s.wake();
    });
  }
}
