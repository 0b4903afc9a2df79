// How every worker process starts (launcher, `npm run worker`, the container, the dataset benchmark). The worker's live
// heap is small (about 60 MB) but it allocates fast while publishing thousands of files, and with Node's defaults V8
// lets garbage pile up to 4x the live heap before a full collection (a 40,000-key dataset publish peaked at 340 MB).
// A 25% growing step and 2 MiB semi-spaces keep it near 185 MB, for a few more short collections; the heap limit
// itself stays Node's default.
export const WORKER_NODE_FLAGS = ["--heap-growing-percent=25", "--max-semi-space-size=2", "--conditions=react-server"] as const;
