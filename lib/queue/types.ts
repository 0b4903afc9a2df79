// The write queue seam: editors' commands go here first, durably, and workers apply them to Postgres.

export type TOutgoingMessage = {
  /** The command id; sending the same id twice stores it once (like SQS's MessageDeduplicationId). */
  id: string;
  /** Messages of one group are delivered in order, one at a time (FIFO per document, like SQS's MessageGroupId). */
  groupId: string;
  body: string;
};

export type TReceivedMessage = TOutgoingMessage & {
  /** How many times it has been received, this delivery included. */
  attempts: number;
  /** Opaque handle for ack/release/extend of this delivery. */
  receipt: string;
  enqueuedAtMs: number;
};

export type TDeadLetter = TOutgoingMessage & { attempts: number; lastError: string; enqueuedAtMs: number; deadAtMs: number };

export type TQueueStats = {
  /** Messages waiting or in flight. */
  depth: number;
  inFlight: number;
  oldestAgeMs: number | null;
  deadLetters: number;
};

export interface Queue {
  readonly driver: "local" | "sqs";
  /** Deliveries before a failing message moves to the dead letters. */
  readonly maxAttempts: number;
  /** Resolves only once the message is durable (fsync'd to disk / acknowledged by SQS). */
  send(message: TOutgoingMessage): Promise<void>;
  /** Up to `max` visible messages, at most one per group in flight; each stays hidden for `visibilityMs`. */
  receive(options: { max: number; visibilityMs: number; waitMs?: number }): Promise<TReceivedMessage[]>;
  /** Done: remove the message. */
  ack(message: TReceivedMessage): Promise<void>;
  /** Failed this time: visible again after `delayMs`; after `maxAttempts` deliveries it moves to the dead letters.
   * `blameless: true` (the database was down, the worker is stopping) never dead-letters and, where the driver can,
   * does not count the delivery as an attempt. */
  release(message: TReceivedMessage, options: { delayMs: number; error: string; blameless?: boolean }): Promise<void>;
  /** Still working: keep it hidden for another `visibilityMs`. */
  extend(message: TReceivedMessage, visibilityMs: number): Promise<void>;
  stats(): Promise<TQueueStats>;
  listDeadLetters(limit: number): Promise<TDeadLetter[]>;
  /** Back to the main queue, attempts reset. */
  retryDeadLetter(id: string): Promise<void>;
  discardDeadLetter(id: string): Promise<void>;
  close(): Promise<void>;
}
