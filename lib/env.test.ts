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
});
