// How every worker process starts (launcher, `npm run worker`, the container, the dataset benchmark). The worker's live
// heap is small (about 55 MB) but it allocates fast while publishing thousands of files: with Node's defaults V8 lets
// garbage pile up to 4x the live heap before a full collection. A 1 GiB old-space limit (far above what the worker
// holds) lowers that growing factor, and 4 MiB semi-spaces keep the young generation small.
export const WORKER_NODE_FLAGS = ["--max-old-space-size=1024", "--max-semi-space-size=4", "--conditions=react-server"] as const;
