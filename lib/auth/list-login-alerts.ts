// Accounts that saw many failed sign-ins lately (the throttle's audit rows), newest first, for the admins' notice.
import { z } from "zod";
import { db, type Db } from "../db";
import { isDatabaseUnavailable } from "../db/is-database-unavailable";
import { LOGIN_FAILURES_ACTION } from "./login-throttle";

export type TLoginAlert = { userId: string; email: string; failures: number; addresses: number; at: Date };

const ZDetailsSchema = z.object({ email: z.string(), failures: z.number(), addresses: z.number() });
const ALERT_HOURS = 24;

export async function listLoginAlerts(database: Db = db()): Promise<TLoginAlert[]> {
  try {
    const rows = await database.auditLog.findMany({
      where: { action: LOGIN_FAILURES_ACTION, createdAt: { gt: new Date(Date.now() - ALERT_HOURS * 3_600_000) } },
      orderBy: { createdAt: "desc" },
      take: 20,
      select: { subjectId: true, details: true, createdAt: true },
    });
    const alerts = new Map<string, TLoginAlert>();
    for (const row of rows) {
      const details = ZDetailsSchema.safeParse(row.details);
      if (details.success && !alerts.has(row.subjectId)) alerts.set(row.subjectId, { userId: row.subjectId, ...details.data, at: row.createdAt });
    }
    return [...alerts.values()];
  } catch (error) {
    // The notice is a courtesy: a database outage must not take the admin pages with it.
    if (isDatabaseUnavailable(error)) return [];
    throw error;
  }
}
