-- Worker controls and heartbeats moved out of Postgres, beside the write queue (its SQLite file, or S3 objects with SQS)
-- so that operators can pause and resume workers while the database is down.

-- DropTable
DROP TABLE "worker_controls";

-- DropTable
DROP TABLE "worker_heartbeats";
