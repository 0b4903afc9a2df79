// dataset.delete – delete a dataset: the worker removes its manifest first (readers stop looking), then every key file.
import { defineCommand } from "../define-command";
import { DATASET_KIND } from "../../datasets/constants";
import { queueDatasetDeleteInTx } from "../../datasets/queue-dataset-import";
import { ZDatasetDeleteSchema } from "../../datasets/schemas";

export const datasetDelete = defineCommand({
  type: "dataset.delete",
  version: 1,
  summary: "Delete a dataset by name: its manifest, then every key file, leave the publish target.",
  permission: "dataset:edit",
  input: ZDatasetDeleteSchema,
  assignedIds: ["datasetId"],
  documentOf: (message) => ({ kind: DATASET_KIND, id: message.datasetId }),
  apply: (tx, { actor, message }) => queueDatasetDeleteInTx(tx, { actorId: actor.id, name: message.input.name }),
});
