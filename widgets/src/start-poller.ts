// Poll loop: runs only while the page is visible, polls at once when it becomes visible again, backs off on failure.
const MAX_DELAY_MS = 60_000;

/**
 * Calls `poll` now and then again after the seconds it resolves to; a rejection doubles the delay from
 * `baseSeconds` up to 60 s, with equal jitter. Stops for good once `isAlive()` is false. Returns "poll now".
 */
export function startPoller(poll: () => Promise<number>, baseSeconds: number, isAlive: () => boolean): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  const schedule = (delayMs: number) => {
    clearTimeout(timer);
    timer = setTimeout(tick, delayMs);
  };
  async function tick() {
    if (document.hidden || !isAlive()) return;
    let delayMs: number;
    try {
      delayMs = (await poll()) * 1000;
      failures = 0;
    } catch {
      const capMs = Math.min(MAX_DELAY_MS, baseSeconds * 1000 * 2 ** ++failures);
      delayMs = capMs / 2 + (Math.random() * capMs) / 2;
    }
    if (!document.hidden) schedule(delayMs);
  }
  document.addEventListener("visibilitychange", () => {
    if (document.hidden) clearTimeout(timer);
    else schedule(0);
  });
  schedule(0);
  return () => schedule(0);
}
