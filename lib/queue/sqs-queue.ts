// The write queue on an SQS FIFO queue, for more than one machine: MessageGroupId = document, MessageDeduplicationId = command id.
import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
  type Message,
  type MessageAttributeValue,
} from "@aws-sdk/client-sqs";
import type { Queue, TDeadLetter, TQueueStats, TOutgoingMessage, TReceivedMessage } from "./types";

export type TSqsQueueOptions = {
  queueUrl: string;
  deadLetterQueueUrl?: string;
  client?: SQSClient;
  region?: string;
  maxAttempts?: number;
};

const DEFAULT_MAX_ATTEMPTS = 5;
const SQS_MAX_MESSAGES_PER_RECEIVE = 10;
const SQS_MAX_WAIT_SECONDS = 20;
const SQS_MAX_VISIBILITY_SECONDS = 43_200;
// Must outlast the 20-second long poll, or every idle receive would time out.
const REQUEST_TIMEOUT_MS = 30_000;
const DEAD_LETTER_SEARCH_BATCHES = 5;
const DEAD_LETTER_SEARCH_VISIBILITY_SECONDS = 30;
// A one-second long poll asks every SQS server, so a nearly empty dead-letter queue is not missed.
const DEAD_LETTER_WAIT_SECONDS = 1;
// Attributes count towards SQS's 256 KiB message limit; this much of an error is enough to diagnose it.
const MAX_LAST_ERROR_LENGTH = 4_000;
const NO_ERROR_RECORDED = "(no error recorded: moved by an SQS redrive policy)";
const RECEIVED_SYSTEM_ATTRIBUTES = ["ApproximateReceiveCount", "SentTimestamp", "MessageGroupId", "MessageDeduplicationId"] as const;

export class SqsQueue implements Queue {
  readonly driver = "sqs" as const;
  private readonly queueUrl: string;
  private readonly deadLetterQueueUrl: string | undefined;
  private readonly client: SQSClient;
  private readonly ownsClient: boolean;
  readonly maxAttempts: number;

  constructor(options: TSqsQueueOptions) {
    if (!options.queueUrl.endsWith(".fifo")) {
      throw new Error(`QUEUE_URL must be the URL of an SQS FIFO queue (ending in .fifo) so commands keep their order per document; got "${options.queueUrl}"`);
    }
    if (options.deadLetterQueueUrl !== undefined && !options.deadLetterQueueUrl.endsWith(".fifo")) {
      throw new Error(`QUEUE_DLQ_URL must be an SQS FIFO queue URL (ending in .fifo), as a FIFO queue's dead letters must be; got "${options.deadLetterQueueUrl}"`);
    }
    const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error(`maxAttempts must be a positive integer; got ${maxAttempts}`);
    this.queueUrl = options.queueUrl;
    this.deadLetterQueueUrl = options.deadLetterQueueUrl;
    this.maxAttempts = maxAttempts;
    this.ownsClient = options.client === undefined;
    this.client = options.client ?? new SQSClient({ region: options.region, requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, connectionTimeout: 5_000 } });
  }

  async send(message: TOutgoingMessage): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: message.body,
        MessageGroupId: message.groupId,
        MessageDeduplicationId: message.id,
        MessageAttributes: { commandId: stringAttribute(message.id) },
      }),
    );
  }

  // SQS FIFO itself keeps one batch per group in flight, so no extra bookkeeping is needed here.
  async receive(options: { max: number; visibilityMs: number; waitMs?: number }): Promise<TReceivedMessage[]> {
    const maxMessages = Math.min(Math.floor(options.max), SQS_MAX_MESSAGES_PER_RECEIVE);
    if (maxMessages < 1) return [];
    const waitSeconds = Math.min(SQS_MAX_WAIT_SECONDS, Math.max(0, Math.round((options.waitMs ?? 0) / 1000)));
    const messages = await this.receiveFrom(this.queueUrl, { maxMessages, visibilitySeconds: toSqsSeconds(options.visibilityMs), waitSeconds });
    return messages.map(toReceivedMessage);
  }

  async ack(message: TReceivedMessage): Promise<void> {
    await this.client.send(new DeleteMessageCommand({ QueueUrl: this.queueUrl, ReceiptHandle: message.receipt }));
  }

  async extend(message: TReceivedMessage, visibilityMs: number): Promise<void> {
    await this.changeVisibility(message, visibilityMs);
  }

  // Without a dead-letter queue the message just comes back; an SQS redrive policy, if set, still applies.
  async release(message: TReceivedMessage, options: { delayMs: number; error: string; blameless?: boolean }): Promise<void> {
    // SQS cannot un-count a receive; a blameless release just never dead-letters.
    if (!options.blameless && this.deadLetterQueueUrl !== undefined && message.attempts >= this.maxAttempts) {
      await this.moveToDeadLetters(this.deadLetterQueueUrl, message, options.error);
      return;
    }
    await this.changeVisibility(message, options.delayMs);
  }

  async stats(): Promise<TQueueStats> {
    const [main, dead] = await Promise.all([
      this.client.send(
        new GetQueueAttributesCommand({ QueueUrl: this.queueUrl, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }),
      ),
      this.deadLetterQueueUrl === undefined
        ? undefined
        : this.client.send(new GetQueueAttributesCommand({ QueueUrl: this.deadLetterQueueUrl, AttributeNames: ["ApproximateNumberOfMessages"] })),
    ]);
    const visible = parseCount(main.Attributes?.ApproximateNumberOfMessages);
    const inFlight = parseCount(main.Attributes?.ApproximateNumberOfMessagesNotVisible);
    return {
      depth: visible + inFlight,
      inFlight,
      // SQS exposes the oldest message's age only as a CloudWatch metric (ApproximateAgeOfOldestMessage).
      oldestAgeMs: null,
      deadLetters: parseCount(dead?.Attributes?.ApproximateNumberOfMessages),
    };
  }

  // SQS cannot list without receiving: this peeks with a zero visibility timeout, so only the first ~10 per document show.
  async listDeadLetters(limit: number): Promise<TDeadLetter[]> {
    const deadLetterQueueUrl = this.requireDeadLetterQueueUrl();
    const deadLettersByMessageId = new Map<string, TDeadLetter>();
    while (deadLettersByMessageId.size < limit) {
      const maxMessages = Math.min(limit - deadLettersByMessageId.size, SQS_MAX_MESSAGES_PER_RECEIVE);
      const messages = await this.receiveFrom(deadLetterQueueUrl, { maxMessages, visibilitySeconds: 0, waitSeconds: DEAD_LETTER_WAIT_SECONDS });
      const unseen = messages.filter((message) => message.MessageId !== undefined && !deadLettersByMessageId.has(message.MessageId));
      // Peeked messages are visible again at once, so a batch of repeats means there is nothing further to see.
      if (unseen.length === 0) break;
      for (const message of unseen) deadLettersByMessageId.set(message.MessageId ?? "", toDeadLetter(message));
    }
    return [...deadLettersByMessageId.values()].slice(0, Math.max(0, limit));
  }

  async retryDeadLetter(id: string): Promise<void> {
    const { deadLetter, receipt } = await this.takeDeadLetterOrThrow(id);
    // A fresh deduplication id, or SQS would drop the resend as a repeat of the original within its 5-minute window.
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: deadLetter.body,
        MessageGroupId: deadLetter.groupId,
        MessageDeduplicationId: `${id}:retry:${Date.now()}`,
        MessageAttributes: { commandId: stringAttribute(id) },
      }),
    );
    await this.client.send(new DeleteMessageCommand({ QueueUrl: this.requireDeadLetterQueueUrl(), ReceiptHandle: receipt }));
  }

  async discardDeadLetter(id: string): Promise<void> {
    const { receipt } = await this.takeDeadLetterOrThrow(id);
    await this.client.send(new DeleteMessageCommand({ QueueUrl: this.requireDeadLetterQueueUrl(), ReceiptHandle: receipt }));
  }

  async close(): Promise<void> {
    if (this.ownsClient) this.client.destroy();
  }

  private async receiveFrom(queueUrl: string, options: { maxMessages: number; visibilitySeconds: number; waitSeconds: number }): Promise<Message[]> {
    const response = await this.client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: options.maxMessages,
        VisibilityTimeout: options.visibilitySeconds,
        WaitTimeSeconds: options.waitSeconds,
        MessageSystemAttributeNames: [...RECEIVED_SYSTEM_ATTRIBUTES],
        MessageAttributeNames: ["All"],
      }),
    );
    return response.Messages ?? [];
  }

  private async changeVisibility(message: TReceivedMessage, visibilityMs: number): Promise<void> {
    await this.client.send(
      new ChangeMessageVisibilityCommand({ QueueUrl: this.queueUrl, ReceiptHandle: message.receipt, VisibilityTimeout: toSqsSeconds(visibilityMs) }),
    );
  }

  // An explicit move rather than an SQS redrive policy, so the dead letter keeps the error text.
  private async moveToDeadLetters(deadLetterQueueUrl: string, message: TReceivedMessage, error: string): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: deadLetterQueueUrl,
        MessageBody: message.body,
        MessageGroupId: message.groupId,
        // Unique per main-queue message: a redelivery is deduplicated, but a retried command that fails again within 5 minutes is not dropped.
        MessageDeduplicationId: `${message.id}:dead:${message.enqueuedAtMs}`,
        MessageAttributes: {
          commandId: stringAttribute(message.id),
          lastError: stringAttribute(toAttributeText(error)),
          attempts: numberAttribute(message.attempts),
          enqueuedAtMs: numberAttribute(message.enqueuedAtMs),
        },
      }),
    );
    await this.client.send(new DeleteMessageCommand({ QueueUrl: this.queueUrl, ReceiptHandle: message.receipt }));
  }

  // Receiving hides each group's head, so later batches reach other groups; the ones passed over are made visible again.
  private async takeDeadLetterOrThrow(id: string): Promise<{ deadLetter: TDeadLetter; receipt: string }> {
    const deadLetterQueueUrl = this.requireDeadLetterQueueUrl();
    const passedOver: Message[] = [];
    try {
      for (let batch = 0; batch < DEAD_LETTER_SEARCH_BATCHES; batch += 1) {
        const messages = await this.receiveFrom(deadLetterQueueUrl, {
          maxMessages: SQS_MAX_MESSAGES_PER_RECEIVE,
          visibilitySeconds: DEAD_LETTER_SEARCH_VISIBILITY_SECONDS,
          waitSeconds: DEAD_LETTER_WAIT_SECONDS,
        });
        if (messages.length === 0) break;
        let taken: { deadLetter: TDeadLetter; receipt: string } | undefined;
        for (const message of messages) {
          const deadLetter = toDeadLetter(message);
          if (taken === undefined && deadLetter.id === id && message.ReceiptHandle !== undefined) taken = { deadLetter, receipt: message.ReceiptHandle };
          else passedOver.push(message);
        }
        if (taken !== undefined) return taken;
      }
      throw new Error(`Dead letter ${id} was not found in the first ${DEAD_LETTER_SEARCH_BATCHES * SQS_MAX_MESSAGES_PER_RECEIVE} messages of the dead-letter queue`);
    } finally {
      await this.makeVisibleAgain(deadLetterQueueUrl, passedOver);
    }
  }

  private async makeVisibleAgain(deadLetterQueueUrl: string, messages: Message[]): Promise<void> {
    for (let start = 0; start < messages.length; start += SQS_MAX_MESSAGES_PER_RECEIVE) {
      const entries = messages
        .slice(start, start + SQS_MAX_MESSAGES_PER_RECEIVE)
        .map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 0 }));
      try {
        await this.client.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: deadLetterQueueUrl, Entries: entries }));
      } catch {
        // Best effort: a dead letter left hidden reappears by itself after the 30-second search visibility.
      }
    }
  }

  private requireDeadLetterQueueUrl(): string {
    if (this.deadLetterQueueUrl === undefined) throw new Error("This SQS queue has no dead-letter queue configured; set one to list, retry or discard dead letters");
    return this.deadLetterQueueUrl;
  }
}

function toReceivedMessage(message: Message): TReceivedMessage {
  const { id, groupId, body } = readEnvelope(message);
  if (message.ReceiptHandle === undefined) throw new Error(`SQS message ${message.MessageId} arrived without a receipt handle`);
  return {
    id,
    groupId,
    body,
    attempts: parseCount(message.Attributes?.ApproximateReceiveCount) || 1,
    receipt: message.ReceiptHandle,
    enqueuedAtMs: parseTimestamp(message.Attributes?.SentTimestamp) ?? Date.now(),
  };
}

function toDeadLetter(message: Message): TDeadLetter {
  const { id, groupId, body } = readEnvelope(message);
  const attributes = message.MessageAttributes ?? {};
  // The dead-letter queue's own send time is when the command died.
  const deadAtMs = parseTimestamp(message.Attributes?.SentTimestamp) ?? Date.now();
  return {
    id,
    groupId,
    body,
    attempts: parseCount(attributes.attempts?.StringValue),
    lastError: attributes.lastError?.StringValue ?? NO_ERROR_RECORDED,
    enqueuedAtMs: parseTimestamp(attributes.enqueuedAtMs?.StringValue) ?? deadAtMs,
    deadAtMs,
  };
}

function readEnvelope(message: Message): TOutgoingMessage {
  const id = message.MessageAttributes?.commandId?.StringValue ?? message.Attributes?.MessageDeduplicationId;
  const groupId = message.Attributes?.MessageGroupId;
  if (id === undefined || groupId === undefined) throw new Error(`SQS message ${message.MessageId} has no command id or group id; is the queue FIFO?`);
  return { id, groupId, body: message.Body ?? "" };
}

function stringAttribute(value: string): MessageAttributeValue {
  return { DataType: "String", StringValue: value };
}

function numberAttribute(value: number): MessageAttributeValue {
  return { DataType: "Number", StringValue: String(value) };
}

// SQS rejects empty attribute values and characters outside XML 1.0's set (e.g. ANSI colour escapes).
function toAttributeText(text: string): string {
  const clean = text.slice(0, MAX_LAST_ERROR_LENGTH).replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "\uFFFD");
  return clean === "" ? "(no error message)" : clean;
}

function toSqsSeconds(milliseconds: number): number {
  return Math.min(SQS_MAX_VISIBILITY_SECONDS, Math.max(0, Math.ceil(milliseconds / 1000)));
}

function parseCount(value: string | undefined): number {
  const count = Number(value);
  return Number.isFinite(count) && count > 0 ? count : 0;
}

function parseTimestamp(value: string | undefined): number | undefined {
  const timestamp = Number(value);
  return value !== undefined && Number.isFinite(timestamp) ? timestamp : undefined;
}
