// localStorage for the banners file only (never the entry): it can throw (privacy modes, sandboxed frames, quota),
// in which case the widget simply forgets.
const PREFIX = "ballast-banners:";

export function readStored(key: string): unknown {
  try {
    return JSON.parse(localStorage.getItem(PREFIX + key) || "null");
  } catch {
    return null;
  }
}

export function writeStored(key: string, value: unknown): void {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // Nothing to do: the next visit starts without memory.
  }
}
