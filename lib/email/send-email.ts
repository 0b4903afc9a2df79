// Outgoing email, only when SMTP_URL is set (smtp:// or smtps://, with user and password in the URL when the server
// wants them); nodemailer does the SMTP. Without it, callers show the content to a person instead.
import "server-only";
import nodemailer from "nodemailer";
import { readEnv } from "../env";

export type TEmail = { to: string; subject: string; text: string };

const SMTP_TIMEOUT_MS = 15_000;

export function emailConfigured(): boolean {
  return Boolean(readEnv().SMTP_URL);
}

/** Sends one message; throws when SMTP_URL is unset or the server refuses or does not answer within 15 s. */
export async function sendEmail(message: TEmail, options: { smtpUrl?: string; from?: string } = {}): Promise<void> {
  const env = readEnv();
  const smtpUrl = options.smtpUrl ?? env.SMTP_URL;
  if (!smtpUrl) throw new Error("SMTP_URL is not set.");
  const transport = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: SMTP_TIMEOUT_MS, greetingTimeout: SMTP_TIMEOUT_MS, socketTimeout: SMTP_TIMEOUT_MS } as nodemailer.TransportOptions);
  try {
    await transport.sendMail({ from: options.from ?? env.SMTP_FROM, to: message.to, subject: message.subject, text: message.text });
  } finally {
    transport.close();
  }
}
