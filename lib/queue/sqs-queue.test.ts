import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
  type Message,
} from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SqsQueue, type TSqsQueueOptions } from "./sqs-queue";
import type { TReceivedMessage } from "./types";

const sqs = mockClient(SQSClient);
const QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/ballast-writes.fifo";
const DEAD_LETTER_QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/ballast-writes-dead.fifo";
const NOW_MS = 1_780_000_000_000;
const RECEIVED_SYSTEM_ATTRIBUTES = ["ApproximateReceiveCount", "SentTimestamp", "MessageGroupId", "MessageDeduplicationId"];

function createQueue(options: Partial<TSqsQueueOptions> = {}): SqsQueue {
  return new SqsQueue({ queueUrl: QUEUE_URL, deadLetterQueueUrl: DEAD_LETTER_QUEUE_URL, client: new SQSClient({ region: "us-east-1" }), ...options });
}

function receivedMessage(overrides: Partial<TReceivedMessage> = {}): TReceivedMessage {
  return { id: "cmd-1", groupId: "liveblog:debate", body: '{"type":"add-entry"}', attempts: 1, receipt: "receipt-1", enqueuedAtMs: NOW_MS - 60_000, ...overrides };
}

function sqsMessage(options: { messageId: string; commandId: string; groupId?: string; receipt?: string; attributes?: Record<string, string> }): Message {
  return {
    MessageId: options.messageId,
    ReceiptHandle: options.receipt ?? `receipt-${options.messageId}`,
    Body: `{"command":"${options.commandId}"}`,
    Attributes: { MessageGroupId: options.groupId ?? "liveblog:debate", MessageDeduplicationId: options.commandId, SentTimestamp: String(NOW_MS - 1000) },
    MessageAttributes: {
      commandId: { DataType: "String", StringValue: options.commandId },
      ...Object.fromEntries(Object.entries(options.attributes ?? {}).map(([name, value]) => [name, { DataType: "String", StringValue: value }])),
    },
  };
}

function sqsCallNames(): string[] {
  return sqs.calls().map((call) => (call.args[0] as { constructor: { name: string } }).constructor.name);
}

beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageCommand).resolves({ MessageId: "sent-1" });
  sqs.on(DeleteMessageCommand).resolves({});
  sqs.on(ChangeMessageVisibilityCommand).resolves({});
  sqs.on(ChangeMessageVisibilityBatchCommand).resolves({ Successful: [], Failed: [] });
  vi.spyOn(Date, "now").mockReturnValue(NOW_MS);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("SqsQueue configuration", () => {
  it("rejects a queue URL that is not FIFO, naming QUEUE_URL", () => {
    expect(() => createQueue({ queueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/ballast-writes" })).toThrow(/QUEUE_URL.*\.fifo/);
  });

  it("rejects a dead-letter queue URL that is not FIFO", () => {
    expect(() => createQueue({ deadLetterQueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/dead" })).toThrow(/QUEUE_DLQ_URL.*\.fifo/);
  });

  it("rejects a maxAttempts below one", () => {
    expect(() => createQueue({ maxAttempts: 0 })).toThrow(/maxAttempts/);
  });

  it("reports the sqs driver", () => {
    expect(createQueue().driver).toBe("sqs");
  });
});

describe("SqsQueue.send", () => {
  it("groups by document and deduplicates by command id", async () => {
    await createQueue().send({ id: "cmd-1", groupId: "liveblog:debate", body: '{"type":"add-entry"}' });

    expect(sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input)).toEqual([
      {
        QueueUrl: QUEUE_URL,
        MessageBody: '{"type":"add-entry"}',
        MessageGroupId: "liveblog:debate",
        MessageDeduplicationId: "cmd-1",
        MessageAttributes: { commandId: { DataType: "String", StringValue: "cmd-1" } },
      },
    ]);
  });

  it("resolves only after SQS acknowledges and rejects when SQS fails", async () => {
    sqs.on(SendMessageCommand).rejects(new Error("throttled"));
    await expect(createQueue().send({ id: "cmd-1", groupId: "g", body: "{}" })).rejects.toThrow("throttled");
  });
});

describe("SqsQueue.receive", () => {
  it("long-polls for at most 10 messages with visibility in whole seconds rounded up", async () => {
    sqs.on(ReceiveMessageCommand).resolves({ Messages: [] });

    await createQueue().receive({ max: 25, visibilityMs: 30_001, waitMs: 45_000 });
    await createQueue().receive({ max: 3, visibilityMs: 500, waitMs: 2_400 });

    expect(sqs.commandCalls(ReceiveMessageCommand).map((call) => call.args[0].input)).toEqual([
      {
        QueueUrl: QUEUE_URL,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 31,
        WaitTimeSeconds: 20,
        MessageSystemAttributeNames: RECEIVED_SYSTEM_ATTRIBUTES,
        MessageAttributeNames: ["All"],
      },
      {
        QueueUrl: QUEUE_URL,
        MaxNumberOfMessages: 3,
        VisibilityTimeout: 1,
        WaitTimeSeconds: 2,
        MessageSystemAttributeNames: RECEIVED_SYSTEM_ATTRIBUTES,
        MessageAttributeNames: ["All"],
      },
    ]);
  });

  it("does not wait when no waitMs is given and does not call SQS for max 0", async () => {
    sqs.on(ReceiveMessageCommand).resolves({});

    expect(await createQueue().receive({ max: 0, visibilityMs: 1000 })).toEqual([]);
    expect(await createQueue().receive({ max: 1, visibilityMs: 1000 })).toEqual([]);

    expect(sqs.commandCalls(ReceiveMessageCommand).map((call) => call.args[0].input.WaitTimeSeconds)).toEqual([0]);
  });

  it("maps SQS messages to received messages", async () => {
    sqs.on(ReceiveMessageCommand).resolves({
      Messages: [
        {
          MessageId: "m-1",
          ReceiptHandle: "handle-1",
          Body: '{"type":"add-entry"}',
          Attributes: { ApproximateReceiveCount: "3", SentTimestamp: "1779999990000", MessageGroupId: "liveblog:debate", MessageDeduplicationId: "cmd-1:retry:1" },
          MessageAttributes: { commandId: { DataType: "String", StringValue: "cmd-1" } },
        },
        {
          MessageId: "m-2",
          ReceiptHandle: "handle-2",
          Body: "{}",
          Attributes: { ApproximateReceiveCount: "1", SentTimestamp: "1779999995000", MessageGroupId: "banner:home", MessageDeduplicationId: "cmd-2" },
        },
      ],
    });

    const messages = await createQueue().receive({ max: 10, visibilityMs: 30_000, waitMs: 20_000 });

    expect(messages).toEqual([
      { id: "cmd-1", groupId: "liveblog:debate", body: '{"type":"add-entry"}', attempts: 3, receipt: "handle-1", enqueuedAtMs: 1_779_999_990_000 },
      { id: "cmd-2", groupId: "banner:home", body: "{}", attempts: 1, receipt: "handle-2", enqueuedAtMs: 1_779_999_995_000 },
    ]);
  });
});

describe("SqsQueue.ack and extend", () => {
  it("deletes the delivery from the main queue on ack", async () => {
    await createQueue().ack(receivedMessage());

    expect(sqs.commandCalls(DeleteMessageCommand).map((call) => call.args[0].input)).toEqual([{ QueueUrl: QUEUE_URL, ReceiptHandle: "receipt-1" }]);
  });

  it("extends visibility in whole seconds rounded up", async () => {
    await createQueue().extend(receivedMessage(), 1_001);

    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((call) => call.args[0].input)).toEqual([
      { QueueUrl: QUEUE_URL, ReceiptHandle: "receipt-1", VisibilityTimeout: 2 },
    ]);
  });
});

describe("SqsQueue.release", () => {
  it("makes the message visible again after the delay while attempts remain", async () => {
    await createQueue({ maxAttempts: 5 }).release(receivedMessage({ attempts: 4 }), { delayMs: 2_500, error: "database unreachable" });

    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((call) => call.args[0].input)).toEqual([
      { QueueUrl: QUEUE_URL, ReceiptHandle: "receipt-1", VisibilityTimeout: 3 },
    ]);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
  });

  it("moves the message to the dead-letter queue with its error after maxAttempts, then deletes it", async () => {
    const message = receivedMessage({ attempts: 5 });

    await createQueue({ maxAttempts: 5 }).release(message, { delayMs: 2_500, error: "blog deleted" });

    expect(sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input)).toEqual([
      {
        QueueUrl: DEAD_LETTER_QUEUE_URL,
        MessageBody: message.body,
        MessageGroupId: "liveblog:debate",
        MessageDeduplicationId: `cmd-1:dead:${message.enqueuedAtMs}`,
        MessageAttributes: {
          commandId: { DataType: "String", StringValue: "cmd-1" },
          lastError: { DataType: "String", StringValue: "blog deleted" },
          attempts: { DataType: "Number", StringValue: "5" },
          enqueuedAtMs: { DataType: "Number", StringValue: String(message.enqueuedAtMs) },
        },
      },
    ]);
    expect(sqs.commandCalls(DeleteMessageCommand).map((call) => call.args[0].input)).toEqual([{ QueueUrl: QUEUE_URL, ReceiptHandle: "receipt-1" }]);
    expect(sqsCallNames()).toEqual(["SendMessageCommand", "DeleteMessageCommand"]);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(0);
  });

  it("keeps the message in the main queue when the dead-letter send fails", async () => {
    sqs.on(SendMessageCommand).rejects(new Error("dead-letter queue unavailable"));

    await expect(createQueue({ maxAttempts: 2 }).release(receivedMessage({ attempts: 2 }), { delayMs: 0, error: "boom" })).rejects.toThrow("unavailable");
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
  });

  it("stores an error text SQS accepts: trimmed, without control characters, never empty", async () => {
    const queue = createQueue({ maxAttempts: 1 });

    await queue.release(receivedMessage({ id: "cmd-a" }), { delayMs: 0, error: `\u001b[31mred\u001b[0m\u0000${"x".repeat(5000)}` });
    await queue.release(receivedMessage({ id: "cmd-b" }), { delayMs: 0, error: "" });

    const [colourful, empty] = sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input.MessageAttributes?.lastError?.StringValue ?? "");
    expect(colourful).toHaveLength(4000);
    expect(colourful?.startsWith("\uFFFD[31mred\uFFFD[0m\uFFFDxxx")).toBe(true);
    expect(empty).toBe("(no error message)");
  });

  it("only delays the message when no dead-letter queue is configured", async () => {
    await createQueue({ deadLetterQueueUrl: undefined, maxAttempts: 1 }).release(receivedMessage({ attempts: 9 }), { delayMs: 10_000, error: "boom" });

    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((call) => call.args[0].input.VisibilityTimeout)).toEqual([10]);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });
});

describe("SqsQueue.stats", () => {
  it("maps queue attributes to depth, in-flight and dead letters", async () => {
    sqs
      .on(GetQueueAttributesCommand, { QueueUrl: QUEUE_URL })
      .resolves({ Attributes: { ApproximateNumberOfMessages: "7", ApproximateNumberOfMessagesNotVisible: "3" } });
    sqs.on(GetQueueAttributesCommand, { QueueUrl: DEAD_LETTER_QUEUE_URL }).resolves({ Attributes: { ApproximateNumberOfMessages: "2" } });

    expect(await createQueue().stats()).toEqual({ depth: 10, inFlight: 3, oldestAgeMs: null, deadLetters: 2 });
    expect(sqs.commandCalls(GetQueueAttributesCommand).map((call) => call.args[0].input)).toEqual([
      { QueueUrl: QUEUE_URL, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] },
      { QueueUrl: DEAD_LETTER_QUEUE_URL, AttributeNames: ["ApproximateNumberOfMessages"] },
    ]);
  });

  it("reports no dead letters without a dead-letter queue", async () => {
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: "1", ApproximateNumberOfMessagesNotVisible: "0" } });

    expect(await createQueue({ deadLetterQueueUrl: undefined }).stats()).toEqual({ depth: 1, inFlight: 0, oldestAgeMs: null, deadLetters: 0 });
    expect(sqs.commandCalls(GetQueueAttributesCommand)).toHaveLength(1);
  });
});

describe("SqsQueue dead letters", () => {
  const deadOne = sqsMessage({
    messageId: "d-1",
    commandId: "cmd-1",
    attributes: { lastError: "blog deleted", attempts: "5", enqueuedAtMs: String(NOW_MS - 600_000) },
  });
  const deadTwo = sqsMessage({ messageId: "d-2", commandId: "cmd-2", groupId: "banner:home", attributes: { lastError: "stale edit", attempts: "5" } });

  it("lists dead letters by peeking with a zero visibility timeout", async () => {
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [deadOne] }).resolves({ Messages: [deadOne, deadTwo] });

    const deadLetters = await createQueue().listDeadLetters(50);

    expect(deadLetters).toEqual([
      { id: "cmd-1", groupId: "liveblog:debate", body: '{"command":"cmd-1"}', attempts: 5, lastError: "blog deleted", enqueuedAtMs: NOW_MS - 600_000, deadAtMs: NOW_MS - 1000 },
      { id: "cmd-2", groupId: "banner:home", body: '{"command":"cmd-2"}', attempts: 5, lastError: "stale edit", enqueuedAtMs: NOW_MS - 1000, deadAtMs: NOW_MS - 1000 },
    ]);
    const inputs = sqs.commandCalls(ReceiveMessageCommand).map((call) => call.args[0].input);
    expect(inputs).toHaveLength(3);
    expect(inputs[0]).toEqual({
      QueueUrl: DEAD_LETTER_QUEUE_URL,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 0,
      WaitTimeSeconds: 1,
      MessageSystemAttributeNames: RECEIVED_SYSTEM_ATTRIBUTES,
      MessageAttributeNames: ["All"],
    });
    expect(inputs.map((input) => [input.QueueUrl, input.VisibilityTimeout])).toEqual([
      [DEAD_LETTER_QUEUE_URL, 0],
      [DEAD_LETTER_QUEUE_URL, 0],
      [DEAD_LETTER_QUEUE_URL, 0],
    ]);
  });

  it("asks for no more dead letters than the limit", async () => {
    sqs.on(ReceiveMessageCommand).resolves({ Messages: [deadOne, deadTwo] });

    expect((await createQueue().listDeadLetters(1)).map((deadLetter) => deadLetter.id)).toEqual(["cmd-1"]);
    expect(sqs.commandCalls(ReceiveMessageCommand).map((call) => call.args[0].input.MaxNumberOfMessages)).toEqual([1]);
  });

  it("labels a dead letter moved by an SQS redrive policy, which carries no error", async () => {
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [sqsMessage({ messageId: "d-9", commandId: "cmd-9" })] }).resolves({});

    const [deadLetter] = await createQueue().listDeadLetters(10);

    expect(deadLetter?.lastError).toMatch(/redrive/);
    expect(deadLetter?.attempts).toBe(0);
  });

  it("retries a dead letter under a fresh deduplication id but the same command id, then deletes it", async () => {
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [deadOne] }).resolvesOnce({ Messages: [deadTwo] });

    await createQueue().retryDeadLetter("cmd-2");

    expect(sqs.commandCalls(ReceiveMessageCommand).map((call) => [call.args[0].input.QueueUrl, call.args[0].input.VisibilityTimeout])).toEqual([
      [DEAD_LETTER_QUEUE_URL, 30],
      [DEAD_LETTER_QUEUE_URL, 30],
    ]);
    expect(sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input)).toEqual([
      {
        QueueUrl: QUEUE_URL,
        MessageBody: '{"command":"cmd-2"}',
        MessageGroupId: "banner:home",
        MessageDeduplicationId: `cmd-2:retry:${NOW_MS}`,
        MessageAttributes: { commandId: { DataType: "String", StringValue: "cmd-2" } },
      },
    ]);
    expect(sqs.commandCalls(DeleteMessageCommand).map((call) => call.args[0].input)).toEqual([{ QueueUrl: DEAD_LETTER_QUEUE_URL, ReceiptHandle: "receipt-d-2" }]);
    expect(sqsCallNames().filter((name) => name === "SendMessageCommand" || name === "DeleteMessageCommand")).toEqual(["SendMessageCommand", "DeleteMessageCommand"]);
    expect(sqs.commandCalls(ChangeMessageVisibilityBatchCommand).map((call) => call.args[0].input)).toEqual([
      { QueueUrl: DEAD_LETTER_QUEUE_URL, Entries: [{ Id: "0", ReceiptHandle: "receipt-d-1", VisibilityTimeout: 0 }] },
    ]);
  });

  it("discards a dead letter by deleting it, without resending", async () => {
    sqs.on(ReceiveMessageCommand).resolves({ Messages: [deadOne, deadTwo] });

    await createQueue().discardDeadLetter("cmd-1");

    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
    expect(sqs.commandCalls(DeleteMessageCommand).map((call) => call.args[0].input)).toEqual([{ QueueUrl: DEAD_LETTER_QUEUE_URL, ReceiptHandle: "receipt-d-1" }]);
    expect(sqs.commandCalls(ChangeMessageVisibilityBatchCommand).map((call) => call.args[0].input.Entries)).toEqual([
      [{ Id: "0", ReceiptHandle: "receipt-d-2", VisibilityTimeout: 0 }],
    ]);
  });

  it("throws an error naming the id when the dead letter is not found, and unhides what it passed over", async () => {
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [deadOne] }).resolves({ Messages: [] });

    await expect(createQueue().retryDeadLetter("cmd-missing")).rejects.toThrow(/cmd-missing/);
    await expect(createQueue().discardDeadLetter("cmd-missing")).rejects.toThrow(/cmd-missing/);

    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
    expect(sqs.commandCalls(ChangeMessageVisibilityBatchCommand).map((call) => call.args[0].input.Entries)).toEqual([
      [{ Id: "0", ReceiptHandle: "receipt-d-1", VisibilityTimeout: 0 }],
    ]);
  });

  it("gives up searching after a few batches", async () => {
    sqs.on(ReceiveMessageCommand).resolves({ Messages: [deadOne] });

    await expect(createQueue().discardDeadLetter("cmd-missing")).rejects.toThrow(/cmd-missing/);
    expect(sqs.commandCalls(ReceiveMessageCommand)).toHaveLength(5);
  });

  it("refuses dead-letter operations without a dead-letter queue", async () => {
    const queue = createQueue({ deadLetterQueueUrl: undefined });

    await expect(queue.listDeadLetters(10)).rejects.toThrow(/no dead-letter queue/);
    await expect(queue.retryDeadLetter("cmd-1")).rejects.toThrow(/no dead-letter queue/);
    await expect(queue.discardDeadLetter("cmd-1")).rejects.toThrow(/no dead-letter queue/);
    expect(sqs.calls()).toHaveLength(0);
  });
});

describe("SqsQueue.close", () => {
  it("destroys a client it created but not one it was given", async () => {
    const destroy = vi.spyOn(SQSClient.prototype, "destroy");

    await createQueue().close();
    expect(destroy).not.toHaveBeenCalled();

    await new SqsQueue({ queueUrl: QUEUE_URL, region: "us-east-1" }).close();
    expect(destroy).toHaveBeenCalledTimes(1);
  });
});
