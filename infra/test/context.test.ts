// The CDK context settings (-c key=value) are checked before anything is built, with errors naming the setting.
import { describe, expect, it } from "vitest";
import { ZInfraContextSchema } from "../lib/context";

const certificate = "arn:aws:acm:us-east-1:123456789012:certificate/0f0e0d0c-0000-4000-8000-000000000000";

describe("infra context", () => {
  it("takes -c strings as the stack's settings, unset ones left to the stack's defaults", () => {
    expect(ZInfraContextSchema.parse({ databaseMultiAz: "true", natGateways: "2", cdnDomainName: "cdn.example.com", cdnCertificateArn: certificate })).toEqual({
      databaseMultiAz: true,
      natGateways: 2,
      cdnDomainName: "cdn.example.com",
      cdnCertificateArn: certificate,
    });
    expect(ZInfraContextSchema.parse({})).toEqual({});
  });

  it("refuses a domain without its certificate, a certificate outside us-east-1, and a bad count, naming each", () => {
    const issues = (input: object) => ZInfraContextSchema.safeParse(input).error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) ?? [];
    expect(issues({ cdnDomainName: "cdn.example.com" })).toEqual(["cdnCertificateArn: cdnDomainName and cdnCertificateArn go together: give both or neither"]);
    expect(issues({ cdnDomainName: "cdn.example.com", cdnCertificateArn: certificate.replace("us-east-1", "eu-west-1") })).toEqual([
      "cdnCertificateArn: must be an ACM certificate ARN in us-east-1 (CloudFront only uses those)",
    ]);
    expect(issues({ natGateways: "3" })[0]).toMatch(/^natGateways: /);
    expect(issues({ databaseMultiAz: "yes" })[0]).toMatch(/^databaseMultiAz: /);
  });
});
