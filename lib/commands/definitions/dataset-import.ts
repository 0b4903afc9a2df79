// dataset.import – import a staged CSV (named by its staging id, never carried in the command) into a dataset, created
// by its first import; the publish worker parses it, reports problems by line, and publishes what changed.
import { defineCommand } from "../define-command";
import { DATASET_KIND } from "../../datasets/constants";
import { queueDatasetImportInTx } from "../../datasets/queue-dataset-import";
import { ZDatasetImportSchema } from "../../datasets/schemas";

export const datasetImport = defineCommand({
  type: "dataset.import",
  version: 1,
  summary: "Import a staged CSV upload (stagingId) into a dataset: key column, value columns, key case and zero-padding, skipBadRows, layout (key or shard).",
  permission: "dataset:edit",
  input: ZDatasetImportSchema,
  assignedIds: ["datasetId", "importId"],
  documentOf: (message) => ({ kind: DATASET_KIND, id: message.datasetId }),
  apply: (tx, { actor, message }) =>
    queueDatasetImportInTx(tx, { actorId: actor.id, datasetId: message.datasetId, importId: message.importId, stagingId: message.input.stagingId, importOptions: message.input.options }),
});
