// The command registry: every command type the write queue carries. A new kind of document adds its definitions
// here (one line each); sendCommand, the apply worker and the HTTP API iterate the registry.
import type { TAnyCommandDefinition } from "./define-command";
import { bannerCreate } from "./definitions/banner-create";
import { bannerDelete } from "./definitions/banner-delete";
import { bannerDuplicate } from "./definitions/banner-duplicate";
import { bannerSetStatus } from "./definitions/banner-set-status";
import { bannerUpdate } from "./definitions/banner-update";
import { datasetDelete } from "./definitions/dataset-delete";
import { datasetImport } from "./definitions/dataset-import";
import { draftDiscard } from "./definitions/draft-discard";
import { draftReview } from "./definitions/draft-review";
import { draftSave } from "./definitions/draft-save";
import { draftSchedule } from "./definitions/draft-schedule";
import { entryCreate } from "./definitions/entry-create";
import { entryDelete } from "./definitions/entry-delete";
import { entryUpdate } from "./definitions/entry-update";
import { liveBlogCreate } from "./definitions/liveblog-create";
import { liveBlogPin } from "./definitions/liveblog-pin";
import { liveBlogUpdate } from "./definitions/liveblog-update";
import { noticePublish } from "./definitions/notice-publish";
import { pageCancelSchedule } from "./definitions/page-cancel-schedule";
import { pageCreate } from "./definitions/page-create";
import { pageSchedule } from "./definitions/page-schedule";
import { pageSetStatus } from "./definitions/page-set-status";
import { pageUpdate } from "./definitions/page-update";
import { feedCreate } from "./definitions/feed-create";
import { feedDelete } from "./definitions/feed-delete";
import { feedRunNow } from "./definitions/feed-run-now";
import { feedUpdate } from "./definitions/feed-update";
import { questionAnswer } from "../questions/commands/question-answer";
import { questionModerate } from "../questions/commands/question-moderate";
import { questionSettings } from "../questions/commands/question-settings";
import { questionSubmit } from "../questions/commands/question-submit";
import { webhookCreate } from "./definitions/webhook-create";
import { webhookDelete } from "./definitions/webhook-delete";
import { webhookUpdate } from "./definitions/webhook-update";

export const BUILT_IN_COMMANDS = [liveBlogCreate, liveBlogUpdate, liveBlogPin, entryCreate, entryUpdate, entryDelete, draftSave, draftReview, draftSchedule, draftDiscard, bannerCreate, bannerUpdate, bannerDuplicate, bannerSetStatus, bannerDelete, pageCreate, pageUpdate, pageSetStatus, pageSchedule, pageCancelSchedule, noticePublish, datasetImport, datasetDelete, feedCreate, feedUpdate, feedDelete, feedRunNow, webhookCreate, webhookUpdate, webhookDelete] as const;

/** Reader questions (issue 15). */
const QUESTION_COMMANDS = [questionSubmit, questionModerate, questionAnswer, questionSettings] as const;

const definitions = new Map<string, TAnyCommandDefinition>([...BUILT_IN_COMMANDS, ...QUESTION_COMMANDS].map((definition) => [definition.type, definition as TAnyCommandDefinition]));

/** Adds a command type at run time (a plug-in kind, or a test's own kind); a type is registered once. */
export function registerCommand(definition: TAnyCommandDefinition): void {
  if (definitions.has(definition.type)) throw new Error(`Command type ${definition.type} is already registered.`);
  definitions.set(definition.type, definition);
}

export function findCommandDefinition(type: string): TAnyCommandDefinition | undefined {
  return definitions.get(type);
}

export function listCommandDefinitions(): TAnyCommandDefinition[] {
  return [...definitions.values()];
}
