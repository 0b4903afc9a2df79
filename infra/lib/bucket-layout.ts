// Where Ballast keeps things in its bucket. The application code decides these keys; infra/test/bucket-layout.test.ts
// checks each one against that code, so an IAM grant cannot silently miss a key the code starts using.

/** PUBLISH_TARGET is s3://<bucket>/site: everything readers may fetch, and the only prefix CloudFront can read. */
export const PUBLISH_PREFIX = "site";
/** Uploaded dataset CSVs waiting for their import (lib/datasets/staging-store.ts), at the bucket root. */
export const STAGING_PREFIX = "staging/";
/** The workers' controls and heartbeats (lib/queue/s3-worker-control-store.ts): WORKER_CONTROL_URL=s3://<bucket>/_control. */
export const CONTROL_PREFIX = "_control";
export const CONTROLS_OBJECT = `${CONTROL_PREFIX}/workers.json`;
export const HEARTBEATS_PREFIX = `${CONTROL_PREFIX}/heartbeats/`;

/** Published keys the admin process writes itself (everything else is written by workers). */
export const ADMIN_PUBLISHED_KEYS = {
  /** Image uploads (lib/media/store-media.ts). */
  media: "media/*",
  /** The emergency notice, written while the database may be down (lib/banners/emergency-notice.ts). */
  notice: "banners/notice.json",
  /** The widget files the notice needs readers to have (lib/publishing/publish-widget.ts). */
  widget: "widgets/ballast*.js",
} as const;
