// The CDK context settings (cdk deploy -c key=value): the shape of a deployment, checked before anything is built.
import { z } from "zod";

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => value || undefined);

// -c values arrive as strings; cdk.json may hold real booleans and numbers.
const flag = z.union([z.boolean(), z.enum(["true", "false"]).transform((value) => value === "true")]).optional();

export const ZInfraContextSchema = z
  .object({
    cdnDomainName: optionalText.pipe(z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "must be a lower-case domain name, e.g. cdn.example.com").optional()),
    cdnCertificateArn: optionalText.pipe(
      z.string().regex(/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/, "must be an ACM certificate ARN in us-east-1 (CloudFront only uses those)").optional(),
    ),
    databaseUrlSecretArn: optionalText.pipe(z.string().regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+-[A-Za-z0-9]{6}$/, "must be a complete Secrets Manager secret ARN (with its 6-character suffix)").optional()),
    databaseInstanceType: optionalText.pipe(z.string().regex(/^[a-z0-9]+\.[a-z0-9]+$/, "must be an instance class without the db. prefix, e.g. t4g.small").optional()),
    databaseMultiAz: flag,
    natGateways: z.coerce.number().int().min(1).max(2).optional(),
    imageRepositoryName: optionalText.pipe(z.string().regex(/^[a-z0-9][a-z0-9._/-]{1,255}$/, "must be an ECR repository name").optional()),
  })
  .refine((context) => Boolean(context.cdnDomainName) === Boolean(context.cdnCertificateArn), {
    message: "cdnDomainName and cdnCertificateArn go together: give both or neither",
    path: ["cdnCertificateArn"],
  });

export type TInfraContext = z.infer<typeof ZInfraContextSchema>;
