// Structured logs (pino) for the admin, the worker and the CLI.
import pino from "pino";
import { readEnv } from "./env";

export const logger = pino({ level: readEnv().LOG_LEVEL, base: { service: "ballast" } });
