// Picks the publish target from configuration; everything else depends only on the Publisher interface.
import { FilePublisher } from "../../publishers/file";
import type { Publisher } from "../../publishers/types";
import { readEnv } from "../env";

let publisher: Publisher | undefined;

export function getPublisher(): Publisher {
  publisher ??= new FilePublisher(readEnv().publicDir);
  return publisher;
}
