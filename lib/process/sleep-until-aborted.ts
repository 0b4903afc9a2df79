// A loop's pause that ends early on shutdown and leaves no listener behind on the long-lived signal (a hand-rolled
// `addEventListener("abort")` per sleep piles up listeners in a worker that runs for days).
import { setTimeout as delay } from "node:timers/promises";

export async function sleepUntilAborted(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch {
    // Aborted: the caller's loop checks the signal and stops.
  }
}
