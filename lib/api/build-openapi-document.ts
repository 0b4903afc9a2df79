// The OpenAPI 3.1 document of the headless API, generated from the command registry and the API's zod schemas with
// zod's own JSON Schema output (draft 2020-12, the dialect OpenAPI 3.1 uses). A command type registered at run time
// appears on the next request.
import { z } from "zod";
import { listCommandDefinitions } from "../commands/registry";
import type { TAnyCommandDefinition } from "../commands/define-command";
import { MAX_API_BODY_BYTES, ZApiErrorSchema, ZCommandAcceptedSchema, ZCommandStatusSchema, ZEntryAcceptedSchema, ZEntryPostSchema } from "./schemas";

type TJsonSchema = Record<string, unknown>;

function jsonSchemaOf(schema: z.ZodType, io: "input" | "output"): TJsonSchema {
  // The document declares the dialect once; component schemas carry no $schema of their own.
  const jsonSchema = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as TJsonSchema;
  delete jsonSchema.$schema;
  return jsonSchema;
}

/** A component name OpenAPI accepts (letters, digits, `.`, `-`, `_`), e.g. `Command.entry.create`. */
function componentNameOf(definition: TAnyCommandDefinition): string {
  return `Command.${definition.type.replace(/[^A-Za-z0-9._-]/g, "_")}`;
}

function commandSchemaOf(definition: TAnyCommandDefinition): TJsonSchema {
  return {
    type: "object",
    title: definition.type,
    description: `${definition.summary} Needs the \`${definition.permission}\` permission.${definition.assignedIds?.length ? ` The server assigns ${definition.assignedIds.join(", ")} (returned in \`ids\`).` : ""}`,
    properties: { type: { const: definition.type }, payload: jsonSchemaOf(definition.input, "input") },
    required: ["type", "payload"],
    "x-permission": definition.permission,
    "x-version": definition.version,
  };
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function errorResponse(description: string, headers: Record<string, unknown> = {}) {
  return { description, headers, content: { "application/json": { schema: ref("ApiError") } } };
}

const RETRY_AFTER = { "Retry-After": { description: "Seconds to wait before trying again.", schema: { type: "integer" } } };

const COMMON_ERRORS = {
  "400": errorResponse("The request is malformed or a field is invalid; `fieldErrors` names each field."),
  "401": errorResponse("No credentials, or the API token is invalid, expired or revoked.", { "WWW-Authenticate": { schema: { type: "string" } } }),
  "403": errorResponse("The caller's role may not do this (or a cookie request came from another site)."),
  "429": errorResponse("Too many failed API-token attempts from this address.", RETRY_AFTER),
  "503": errorResponse("The database is unreachable, so the request cannot be checked.", RETRY_AFTER),
};

export function buildOpenApiDocument(options: { version?: string } = {}) {
  const definitions = listCommandDefinitions();
  const commandSchemas = Object.fromEntries(definitions.map((definition) => [componentNameOf(definition), commandSchemaOf(definition)]));
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "Ballast API",
      version: options.version ?? "1",
      description:
        "Every change Ballast makes is a command on its write queue. Send one as JSON, get its id back at once (202), " +
        "then follow it until it is applied and published. Scripts authenticate with an API token an admin creates under " +
        "Admin → API tokens: `Authorization: Bearer blt_…`; a token acts with its user's current role.",
    },
    servers: [{ url: "/" }],
    security: [{ bearerToken: [] }, { sessionCookie: [] }],
    paths: {
      "/api/commands": {
        post: {
          operationId: "sendCommand",
          summary: "Queue any registered command",
          description: `The body is \`{ type, payload }\`; \`payload\` is checked against the type's schema. At most ${MAX_API_BODY_BYTES / 1024} KB.`,
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: {
                  oneOf: definitions.map((definition) => ref(componentNameOf(definition))),
                  discriminator: { propertyName: "type", mapping: Object.fromEntries(definitions.map((definition) => [definition.type, `#/components/schemas/${componentNameOf(definition)}`])) },
                },
              },
            },
          },
          responses: {
            "202": { description: "Queued durably; follow `statusUrl`.", content: { "application/json": { schema: ref("CommandAccepted") } } },
            ...COMMON_ERRORS,
          },
        },
      },
      "/api/commands/{id}": {
        get: {
          operationId: "getCommandStatus",
          summary: "Where a command stands: queued, applied, published or rejected",
          description: "A caller sees its own user's commands; admins see everyone's. Any other id reads as queued.",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
          responses: {
            "200": { description: "The command's state.", content: { "application/json": { schema: ref("CommandStatus") } } },
            "400": COMMON_ERRORS["400"],
            "401": COMMON_ERRORS["401"],
            "429": COMMON_ERRORS["429"],
            "503": COMMON_ERRORS["503"],
          },
        },
      },
      "/api/liveblogs/{slug}/entries": {
        post: {
          operationId: "postEntry",
          summary: "Post an entry to a live blog by its slug",
          description: "The same as an `entry.create` command, addressed by slug. Needs the `entry:publish` permission.",
          parameters: [{ name: "slug", in: "path", required: true, schema: { type: "string" } }],
          requestBody: { required: true, content: { "application/json": { schema: ref("EntryPost") } } },
          responses: {
            "202": { description: "Queued durably; follow `statusUrl`.", content: { "application/json": { schema: ref("EntryAccepted") } } },
            ...COMMON_ERRORS,
            "404": errorResponse("No live blog has this slug."),
          },
        },
      },
      "/api/openapi.json": {
        get: {
          operationId: "getOpenApiDocument",
          summary: "This document",
          security: [],
          responses: { "200": { description: "The OpenAPI 3.1 document.", content: { "application/json": { schema: { type: "object" } } } } },
        },
      },
    },
    components: {
      securitySchemes: {
        bearerToken: { type: "http", scheme: "bearer", bearerFormat: "blt_ followed by 43 base64url characters", description: "An API token from Admin → API tokens." },
        sessionCookie: { type: "apiKey", in: "cookie", name: "authjs.session-token", description: "The admin's session (browsers only: requests that change something must be same-origin JSON)." },
      },
      schemas: {
        ...commandSchemas,
        CommandAccepted: jsonSchemaOf(ZCommandAcceptedSchema, "output"),
        CommandStatus: jsonSchemaOf(ZCommandStatusSchema, "output"),
        EntryPost: jsonSchemaOf(ZEntryPostSchema, "input"),
        EntryAccepted: jsonSchemaOf(ZEntryAcceptedSchema, "output"),
        ApiError: jsonSchemaOf(ZApiErrorSchema, "output"),
      },
    },
  };
}
