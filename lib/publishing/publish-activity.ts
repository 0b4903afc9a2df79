// How busy this process's publish loops are, so work that can wait (webhook deliveries) steps aside while publishes
// are in flight instead of competing with them for the worker's CPU.
import { performance } from "node:perf_hooks";

let inFlight = 0;
let lastPublishEndedAt = Number.NEGATIVE_INFINITY;

/** Wraps one publish pass; a pass that found nothing to publish does not count as activity afterwards. */
export async function trackPublishing<T extends { didWork: boolean }>(pass: () => Promise<T>): Promise<T> {
  inFlight++;
  let didWork = false;
  try {
    const result = await pass();
    didWork = result.didWork;
    return result;
  } finally {
    inFlight--;
    if (didWork) lastPublishEndedAt = performance.now();
  }
}

/** 0 while a publish is in flight, else milliseconds since the last one ended (Infinity if none yet). */
export function msSincePublishing(): number {
  return inFlight > 0 ? 0 : performance.now() - lastPublishEndedAt;
}
