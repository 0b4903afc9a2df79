import { Validator } from "@seriousme/openapi-schema-validator";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { defineCommand } from "../commands/define-command";
import { listCommandDefinitions, registerCommand } from "../commands/registry";
import { buildOpenApiDocument } from "./build-openapi-document";

type TSchema = { $ref?: string; properties?: Record<string, TSchema>; required?: string[]; description?: string; const?: string };

async function validate(document: unknown) {
  const validator = new Validator();
  const result = await validator.validate(structuredClone(document) as Parameters<Validator["validate"]>[0]);
  return { ...result, version: validator.version, validator };
}

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document whose references all resolve", async () => {
    const result = await validate(buildOpenApiDocument());
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(result.version).toBe("3.1");
    expect(() => result.validator.resolveRefs()).not.toThrow();

    // The validator is not a rubber stamp: the same document with a response lacking its description fails.
    const broken = buildOpenApiDocument() as unknown as { paths: Record<string, { post?: { responses: Record<string, { description?: string }> } }> };
    delete broken.paths["/api/commands"]!.post!.responses["202"]!.description;
    expect((await validate(broken)).valid).toBe(false);
  });

  it("offers every registered command on POST /api/commands, discriminated by type, with its payload schema and summary", () => {
    const document = buildOpenApiDocument();
    const body = document.paths["/api/commands"].post.requestBody.content["application/json"].schema;
    const schemas = document.components.schemas as Record<string, TSchema>;
    const offered = body.oneOf.map((item) => schemas[item.$ref.replace("#/components/schemas/", "")]!);
    const types = listCommandDefinitions().map((definition) => definition.type);
    expect(types.length).toBeGreaterThanOrEqual(10);
    expect(offered.map((schema) => schema.properties!.type!.const)).toEqual(types);
    expect(Object.keys(body.discriminator.mapping)).toEqual(types);
    for (const definition of listCommandDefinitions()) {
      const schema = schemas[body.discriminator.mapping[definition.type]!.replace("#/components/schemas/", "")]!;
      expect(schema.description).toContain(definition.summary);
      expect(schema.description).toContain(definition.permission);
    }
    const entryCreate = schemas["Command.entry.create"]!;
    expect(entryCreate.properties!.payload!.required).toEqual(["liveBlogId", "body"]);
    expect(entryCreate.description).toContain("entryId");
  });

  it("documents the status, entry and error responses and both ways to authenticate", () => {
    const document = buildOpenApiDocument();
    expect(Object.keys(document.paths)).toEqual(["/api/commands", "/api/commands/{id}", "/api/liveblogs/{slug}/entries", "/api/openapi.json"]);
    expect(document.components.securitySchemes.bearerToken).toMatchObject({ type: "http", scheme: "bearer" });
    expect(document.components.securitySchemes.sessionCookie).toMatchObject({ type: "apiKey", in: "cookie" });
    expect(document.paths["/api/commands"].post.responses["401"].content["application/json"].schema.$ref).toBe("#/components/schemas/ApiError");
    const status = JSON.stringify(document.components.schemas.CommandStatus);
    for (const state of ["queued", "applied", "published", "rejected"]) expect(status).toContain(`"const":"${state}"`);
    expect(JSON.stringify(document)).not.toContain('"$schema"');
  });

  it("includes a command type registered at run time, and stays valid", async () => {
    const type = `test.openapi-${Date.now().toString(36)}`;
    registerCommand(
      defineCommand({
        type,
        version: 1,
        summary: "A command only this test knows.",
        permission: "entry:publish",
        input: z.object({ note: z.string().min(1), when: z.iso.datetime().optional() }),
        documentOf: () => ({ kind: "test", id: "one" }),
        apply: async () => ({ version: null }),
      }),
    );
    const document = buildOpenApiDocument();
    const mapping = document.paths["/api/commands"].post.requestBody.content["application/json"].schema.discriminator.mapping;
    expect(mapping[type]).toBe(`#/components/schemas/Command.${type}`);
    const schema = (document.components.schemas as Record<string, TSchema>)[`Command.${type}`]!;
    expect(schema.properties!.payload!.required).toEqual(["note"]);
    expect((await validate(document)).valid).toBe(true);
  });
});
