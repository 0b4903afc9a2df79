import { describe, expect, it } from "vitest";
import { ZEnvSchema } from "./env";

describe("configuration", () => {
  it("falls back to the embedded defaults", () => {
    const env = ZEnvSchema.parse({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PORT).toBe(3000);
    expect(env.publicBaseUrl).toBe("http://localhost:3000/cdn");
    expect(env.publicDir.endsWith("/.data/public")).toBe(true);
  });

  it("treats empty values as unset", () => {
    expect(ZEnvSchema.parse({ DATABASE_URL: "", AUTH_SECRET: " " }).DATABASE_URL).toBeUndefined();
  });

  it("names the field and the problem for bad values", () => {
    const result = ZEnvSchema.safeParse({ DATABASE_URL: "mysql://x", AUTH_SECRET: "short" });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join(".")) ?? [];
    expect(paths).toEqual(expect.arrayContaining(["DATABASE_URL", "AUTH_SECRET"]));
  });

  it("takes QUESTIONS_ENDPOINT_URL only as an http(s) URL with a plain host (its origin goes into a CSP)", () => {
    for (const good of ["https://ask.example.com", "https://ask.example.com/", "http://localhost:3000", "http://[::1]:3000", "http://127.0.0.1:3100/base"]) {
      expect(ZEnvSchema.safeParse({ QUESTIONS_ENDPOINT_URL: good }).error?.issues ?? [], good).toEqual([]);
    }
    for (const bad of ["mailto:ask@example.com", "ftp://ask.example.com", "https://a;b.example.com", "https://a,b.example.com", "ask.example.com"]) {
      const result = ZEnvSchema.safeParse({ QUESTIONS_ENDPOINT_URL: bad });
      expect(result.error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`), bad).toEqual(["QUESTIONS_ENDPOINT_URL: must be an http:// or https:// URL with a plain host name, e.g. https://ask.example.com"]);
    }
  });
});
