// Picks the publish target and the optional CDN invalidator from configuration; everything else depends only on
// the Publisher interface.
import { CloudFrontInvalidator } from "../../publishers/cloudfront";
import { FilePublisher } from "../../publishers/file";
import { S3Publisher, parseS3Target } from "../../publishers/s3";
import type { Publisher } from "../../publishers/types";
import { readEnv } from "../env";
import { logger } from "../logger";

let publisher: Publisher | undefined;
let invalidator: CloudFrontInvalidator | null | undefined;

export function getPublisher(): Publisher {
  if (!publisher) {
    const env = readEnv();
    publisher = env.PUBLISH_TARGET?.startsWith("s3://")
      ? new S3Publisher({ ...parseS3Target(env.PUBLISH_TARGET), endpoint: env.S3_ENDPOINT, region: env.S3_REGION })
      : new FilePublisher(env.publicDir);
  }
  return publisher;
}

/** CloudFront invalidation of mutable keys, batched per window; null unless CLOUDFRONT_DISTRIBUTION_ID is set. */
export function getInvalidator(): CloudFrontInvalidator | null {
  if (invalidator === undefined) {
    const env = readEnv();
    const pathPrefix = env.PUBLISH_TARGET?.startsWith("s3://") ? parseS3Target(env.PUBLISH_TARGET).prefix : "";
    invalidator = env.CLOUDFRONT_DISTRIBUTION_ID
      ? new CloudFrontInvalidator({ distributionId: env.CLOUDFRONT_DISTRIBUTION_ID, windowMs: env.CLOUDFRONT_WINDOW_MS, pathPrefix, log: logger })
      : null;
  }
  return invalidator;
}
