// The notice page's history, newest first; empty (with degraded=true) while the database is unreachable.
import "server-only";
import { db, type Db } from "../db";
import { listNoticeHistoryInTx } from "./record-notice";

export type TNoticeHistoryItem = { id: string; message: string; issuedAt: Date; recordedAt: Date; issuedBy: { name: string; email: string } };

export async function listNoticeHistory(database: Db = db()): Promise<{ items: TNoticeHistoryItem[]; degraded: boolean }> {
  try {
    return { items: await listNoticeHistoryInTx(database), degraded: false };
  } catch {
    return { items: [], degraded: true };
  }
}
