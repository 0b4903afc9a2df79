// The Ballast stack's template, bullet by bullet of issue 14: what readers can reach, what each role may do, the
// queue and its alarms, the database and its secrets, the services and the settings they read.
import { App, Validations } from "aws-cdk-lib";
import * as s3 from "aws-cdk-lib/aws-s3";
import { AwsSolutionsChecks } from "cdk-nag";
import { describe, expect, it } from "vitest";
import { ZEnvSchema } from "../../lib/env";
import { IMMUTABLE_CACHE, MEDIUM_CACHE, SHORT_CACHE } from "../../lib/publishing/object-policy";
import { PUBLISHED_SECURITY_HEADERS, publishedPageCsp } from "../../lib/publishing/published-headers";
import { BallastStack } from "../lib/ballast-stack";
import { BallastImageRepositoryStack } from "../lib/image-repository-stack";
import { grantsOf, onlyResource, render, resourcesOfType, synthesize } from "./template";

const { template, resources, json } = synthesize();
const [bucketId, bucket] = onlyResource(resources, "AWS::S3::Bucket", "ContentBucket");
const [queueId, queue] = onlyResource(resources, "AWS::SQS::Queue", "WriteQueue");
const [deadLettersId, deadLetters] = onlyResource(resources, "AWS::SQS::Queue", "DeadLetterQueue");
const [distributionId, distribution] = onlyResource(resources, "AWS::CloudFront::Distribution");
const names = { [bucketId]: "bucket", [queueId]: "queue", [deadLettersId]: "dead-letters", [distributionId]: "distribution" };
const distributionConfig = distribution.Properties.DistributionConfig as Record<string, unknown>;
const defaultBehavior = distributionConfig.DefaultCacheBehavior as Record<string, unknown>;
const extraBehaviors = distributionConfig.CacheBehaviors as Record<string, unknown>[];
const allBehaviors = [defaultBehavior, ...extraBehaviors];

function policyStatements(policyType: string, target: string): Record<string, unknown>[] {
  const [, policy] = resourcesOfType(resources, policyType).find(([, resource]) => JSON.stringify(resource.Properties).includes(`"${target}"`)) ?? [];
  if (!policy) throw new Error(`no ${policyType} for ${target}`);
  return (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
}

function containerOf(taskLogicalIdPrefix: string): Record<string, unknown> {
  const [, task] = onlyResource(resources, "AWS::ECS::TaskDefinition", taskLogicalIdPrefix);
  return (task.Properties.ContainerDefinitions as Record<string, unknown>[])[0]!;
}

function environmentOf(taskLogicalIdPrefix: string): Record<string, string> {
  const variables = containerOf(taskLogicalIdPrefix).Environment as { Name: string; Value: unknown }[];
  return Object.fromEntries(variables.map(({ Name, Value }) => [Name, render(Value, names)]));
}

function secretNamesOf(taskLogicalIdPrefix: string): string[] {
  return ((containerOf(taskLogicalIdPrefix).Secrets as { Name: string }[] | undefined) ?? []).map(({ Name }) => Name).sort();
}

function roleId(prefix: string): string {
  return onlyResource(resources, "AWS::IAM::Role", prefix)[0];
}

function maxAgeSeconds(cacheControl: string): number {
  return Number(/max-age=(\d+)/.exec(cacheControl)?.[1]);
}

describe("the content bucket", () => {
  it("blocks public access with all four settings, disables ACLs (bucket owner enforced) and is encrypted", () => {
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] });
    expect(bucket.Properties.BucketEncryption).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] });
  });

  it("is readable only by this CloudFront distribution through Origin Access Control, and only under site/", () => {
    const allows = policyStatements("AWS::S3::BucketPolicy", bucketId).filter((statement) => statement.Effect === "Allow");
    expect(allows).toHaveLength(1);
    const [allow] = allows;
    expect(allow!.Principal).toEqual({ Service: "cloudfront.amazonaws.com" });
    expect(allow!.Action).toBe("s3:GetObject");
    expect(render(allow!.Resource, names)).toBe("<bucket>/site/*");
    expect(render((allow!.Condition as { StringEquals: Record<string, unknown> }).StringEquals["AWS:SourceArn"], names)).toBe("arn:aws:cloudfront::ACCOUNT:distribution/<distribution.Ref>");

    const [oacId, oac] = onlyResource(resources, "AWS::CloudFront::OriginAccessControl");
    expect(oac.Properties.OriginAccessControlConfig).toMatchObject({ OriginAccessControlOriginType: "s3", SigningBehavior: "always", SigningProtocol: "sigv4" });
    const [origin] = distributionConfig.Origins as Record<string, unknown>[];
    expect(origin!.OriginAccessControlId).toEqual({ "Fn::GetAtt": [oacId, "Id"] });
    expect(render(origin!.DomainName, names)).toBe("<bucket.RegionalDomainName>");
    // No legacy origin access identity alongside.
    expect(origin!.S3OriginConfig).toEqual({ OriginAccessIdentity: "" });
    expect(resourcesOfType(resources, "AWS::CloudFront::CloudFrontOriginAccessIdentity")).toEqual([]);
  });

  it("has no public policy statement: no Allow to * or to an AWS account outside a condition-bound service", () => {
    for (const [, policy] of resourcesOfType(resources, "AWS::S3::BucketPolicy")) {
      for (const statement of (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement) {
        if (statement.Effect !== "Allow") continue;
        expect(statement.Principal).not.toBe("*");
        expect(JSON.stringify(statement.Principal)).not.toContain('"AWS":"*"');
      }
    }
  });

  it("refuses every request that is not TLS", () => {
    const denies = policyStatements("AWS::S3::BucketPolicy", bucketId).filter((statement) => statement.Effect === "Deny");
    expect(denies).toEqual([
      expect.objectContaining({ Action: "s3:*", Principal: { AWS: "*" }, Condition: { Bool: { "aws:SecureTransport": "false" } } }),
    ]);
    expect(render(denies[0]!.Resource, names)).toBe("<bucket>,<bucket>/*");
  });

  it("expires staged uploads under staging/ and aborts incomplete multipart uploads", () => {
    const rules = (bucket.Properties.LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;
    expect(rules).toContainEqual(expect.objectContaining({ Id: "expire-staged-uploads", Prefix: "staging/", ExpirationInDays: 7, Status: "Enabled" }));
    expect(rules).toContainEqual(expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: "Enabled" }));
  });
});

describe("CloudFront", () => {
  it("caches by the origin's Cache-Control: a year for immutable keys, seconds for heads, nothing in the key but the path", () => {
    const [cachePolicyId, cachePolicy] = onlyResource(resources, "AWS::CloudFront::CachePolicy");
    const config = cachePolicy.Properties.CachePolicyConfig as Record<string, unknown>;
    expect(config).toMatchObject({ MinTTL: 0, DefaultTTL: 2, MaxTTL: 31_536_000 });
    // Every Cache-Control Ballast publishes falls inside the bounds, so CloudFront keeps the origin's figure.
    for (const cacheControl of [IMMUTABLE_CACHE, SHORT_CACHE, MEDIUM_CACHE]) {
      expect(maxAgeSeconds(cacheControl)).toBeGreaterThanOrEqual(config.MinTTL as number);
      expect(maxAgeSeconds(cacheControl)).toBeLessThanOrEqual(config.MaxTTL as number);
    }
    expect(SHORT_CACHE).toMatch(/stale-while-revalidate=\d+, stale-if-error=\d+/);
    expect(config.ParametersInCacheKeyAndForwardedToOrigin).toEqual({
      CookiesConfig: { CookieBehavior: "none" },
      EnableAcceptEncodingBrotli: true,
      EnableAcceptEncodingGzip: true,
      HeadersConfig: { HeaderBehavior: "none" },
      QueryStringsConfig: { QueryStringBehavior: "none" },
    });
    for (const behavior of allBehaviors) expect(behavior.CachePolicyId).toEqual({ Ref: cachePolicyId });
    // Not-yet-published heads (403/404 from S3) are remembered for seconds, not CloudFront's default 10.
    expect(distributionConfig.CustomErrorResponses).toEqual([
      { ErrorCode: 403, ErrorCachingMinTTL: 2 },
      { ErrorCode: 404, ErrorCachingMinTTL: 2 },
    ]);
  });

  it("compresses, speaks HTTP/2 and HTTP/3 and redirects HTTP to HTTPS", () => {
    expect(distributionConfig.HttpVersion).toBe("http2and3");
    for (const behavior of allBehaviors) {
      expect(behavior.Compress).toBe(true);
      expect(behavior.ViewerProtocolPolicy).toBe("redirect-to-https");
      expect(behavior.AllowedMethods).toEqual(["GET", "HEAD"]);
    }
  });

  it("sends the /cdn route's headers: CORS for GET/HEAD from any origin without credentials, nosniff, and the page CSP on HTML", () => {
    const policies = Object.fromEntries(
      resourcesOfType(resources, "AWS::CloudFront::ResponseHeadersPolicy").map(([id, policy]) => [id, policy.Properties.ResponseHeadersPolicyConfig as Record<string, unknown>]),
    );
    for (const config of Object.values(policies)) {
      expect(config.CorsConfig).toEqual({
        AccessControlAllowCredentials: false,
        AccessControlAllowHeaders: { Items: ["*"] },
        AccessControlAllowMethods: { Items: ["GET", "HEAD"] },
        AccessControlAllowOrigins: { Items: [PUBLISHED_SECURITY_HEADERS["Access-Control-Allow-Origin"]] },
        AccessControlMaxAgeSec: 86_400,
        OriginOverride: true,
      });
      expect((config.SecurityHeadersConfig as Record<string, unknown>).ContentTypeOptions).toEqual({ Override: true });
    }
    const policyOf = (behavior: Record<string, unknown>) => policies[(behavior.ResponseHeadersPolicyId as { Ref: string }).Ref]!;
    expect((policyOf(defaultBehavior).SecurityHeadersConfig as Record<string, unknown>).ContentSecurityPolicy).toBeUndefined();
    expect(extraBehaviors.map((behavior) => behavior.PathPattern)).toEqual(["*.html", "*/"]);
    for (const behavior of extraBehaviors) {
      const { ContentSecurityPolicy: policy, Override } = (policyOf(behavior).SecurityHeadersConfig as { ContentSecurityPolicy: { ContentSecurityPolicy: unknown; Override: boolean } }).ContentSecurityPolicy;
      // The /cdn route's policy, with the admin's domain (where the widget posts reader questions) in connect-src.
      expect({ policy: render(policy, names), Override }).toEqual({ policy: publishedPageCsp("https://<AdminDomainName.Ref>"), Override: true });
    }
    // A folder URL is its index.html, as under /cdn.
    const folder = extraBehaviors.find((behavior) => behavior.PathPattern === "*/")!;
    const [functionId, folderIndex] = onlyResource(resources, "AWS::CloudFront::Function");
    expect(folder.FunctionAssociations).toEqual([{ EventType: "viewer-request", FunctionARN: { "Fn::GetAtt": [functionId, "FunctionARN"] } }]);
    expect(folderIndex.Properties.FunctionCode).toContain("request.uri += 'index.html'");
  });

  it("takes an optional custom domain and certificate, with TLS 1.2 as the floor", () => {
    const certificateArn = "arn:aws:acm:us-east-1:123456789012:certificate/0f0e0d0c-0000-4000-8000-000000000000";
    const custom = synthesize({ cdnDomainName: "cdn.example.com", cdnCertificateArn: certificateArn });
    const [, customDistribution] = onlyResource(custom.resources, "AWS::CloudFront::Distribution");
    expect(customDistribution.Properties.DistributionConfig).toMatchObject({
      Aliases: ["cdn.example.com"],
      ViewerCertificate: { AcmCertificateArn: certificateArn, MinimumProtocolVersion: "TLSv1.2_2021", SslSupportMethod: "sni-only" },
    });
    const [, adminTask] = onlyResource(custom.resources, "AWS::ECS::TaskDefinition", "AdminTask");
    expect(JSON.stringify(adminTask.Properties)).toContain('"Name":"PUBLIC_BASE_URL","Value":"https://cdn.example.com/site"');
    expect(distributionConfig.Aliases).toBeUndefined();
    expect(() => new BallastStack(new App(), "Half", { cdnDomainName: "cdn.example.com" })).toThrow(/cdnDomainName and cdnCertificateArn go together/);
  });
});

describe("the write queue", () => {
  it("is SQS FIFO with a FIFO dead-letter queue as its redrive target, both kept 14 days, encrypted and TLS-only", () => {
    expect(queue.Properties).toMatchObject({ FifoQueue: true, ContentBasedDeduplication: false, DeduplicationScope: "messageGroup", FifoThroughputLimit: "perMessageGroupId" });
    expect(queue.Properties.RedrivePolicy).toEqual({ deadLetterTargetArn: { "Fn::GetAtt": [deadLettersId, "Arn"] }, maxReceiveCount: 100 });
    expect(deadLetters.Properties).toMatchObject({ FifoQueue: true });
    for (const each of [queue, deadLetters]) expect(each.Properties).toMatchObject({ MessageRetentionPeriod: 1_209_600, SqsManagedSseEnabled: true });
    for (const id of [queueId, deadLettersId]) {
      expect(policyStatements("AWS::SQS::QueuePolicy", id)).toContainEqual(expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }));
    }
  });

  it("raises alarms on the depth, the oldest message's age and any dead letter, to an encrypted topic", () => {
    const alarms = resourcesOfType(resources, "AWS::CloudWatch::Alarm").map(([, alarm]) => alarm.Properties);
    const [topicId, topic] = onlyResource(resources, "AWS::SNS::Topic");
    expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    const summary = alarms.map((alarm) => ({
      metric: alarm.MetricName,
      queue: render((alarm.Dimensions as { Value: unknown }[])[0]!.Value, names),
      comparison: alarm.ComparisonOperator,
      threshold: alarm.Threshold,
      actions: alarm.AlarmActions,
    }));
    expect(summary).toEqual(
      expect.arrayContaining([
        { metric: "ApproximateNumberOfMessagesVisible", queue: "<queue.QueueName>", comparison: "GreaterThanThreshold", threshold: 1000, actions: [{ Ref: topicId }] },
        { metric: "ApproximateAgeOfOldestMessage", queue: "<queue.QueueName>", comparison: "GreaterThanThreshold", threshold: 120, actions: [{ Ref: topicId }] },
        { metric: "ApproximateNumberOfMessagesVisible", queue: "<dead-letters.QueueName>", comparison: "GreaterThanOrEqualToThreshold", threshold: 1, actions: [{ Ref: topicId }] },
      ]),
    );
    expect(summary).toHaveLength(3);
    template.hasResource("AWS::SNS::Subscription", { Condition: "HasAlarmEmail", Properties: { Protocol: "email", Endpoint: { Ref: "AlarmEmail" } } });
  });
});

describe("the database", () => {
  it("is RDS Postgres 17, encrypted, TLS-only, with credentials generated into Secrets Manager and never in the template", () => {
    const [, instance] = onlyResource(resources, "AWS::RDS::DBInstance");
    expect(instance.Properties).toMatchObject({ Engine: "postgres", EngineVersion: "17", StorageEncrypted: true, DeletionProtection: true, PubliclyAccessible: false });
    const [, parameters] = onlyResource(resources, "AWS::RDS::DBParameterGroup");
    expect(parameters.Properties.Parameters).toEqual({ "rds.force_ssl": "1" });
    // The password is a dynamic reference CloudFormation resolves at deploy time.
    expect(JSON.stringify(instance.Properties.MasterUserPassword)).toMatch(/^\{"Fn::Join":\["",\["\{\{resolve:secretsmanager:",.*":SecretString:password::\}\}"\]\]\}$/);
    const [, secret] = onlyResource(resources, "AWS::SecretsManager::Secret", "BallastDatabaseSecret");
    expect(secret.Properties.GenerateSecretString).toMatchObject({ GenerateStringKey: "password", SecretStringTemplate: '{"username":"ballast"}' });
    expect(secret.Properties.SecretString).toBeUndefined();
    // The tasks get the password from the secret, and a URL with no password in it.
    const [instanceId] = onlyResource(resources, "AWS::RDS::DBInstance");
    expect(environmentOf("AdminTask").DATABASE_URL).toBe(`postgresql://ballast@<${instanceId}.Endpoint.Address>:<${instanceId}.Endpoint.Port>/ballast?sslmode=verify-full`);
    for (const task of ["AdminTask", "WorkerTask", "MigrateTask"]) expect(secretNamesOf(task)).toContain("PGPASSWORD");
  });

  it("can be an existing Postgres instead: DATABASE_URL from a given secret, no RDS instance", () => {
    const secretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:ballast/database-url-AbCdEf";
    const external = synthesize({ databaseUrlSecretArn: secretArn });
    expect(resourcesOfType(external.resources, "AWS::RDS::DBInstance")).toEqual([]);
    for (const task of ["AdminTask", "WorkerTask", "MigrateTask"]) {
      const [, definition] = onlyResource(external.resources, "AWS::ECS::TaskDefinition", task);
      const container = (definition.Properties.ContainerDefinitions as Record<string, unknown>[])[0]!;
      expect(container.Secrets).toContainEqual({ Name: "DATABASE_URL", ValueFrom: secretArn });
      expect((container.Environment as { Name: string }[]).map(({ Name }) => Name)).not.toContain("DATABASE_URL");
    }
  });
});

describe("IAM", () => {
  it("lets the workers do exactly their S3, CloudFront and queue actions on their prefixes, distribution and two queues", () => {
    expect(grantsOf(resources, roleId("WorkerTaskRole"), names)).toEqual(
      [
        "s3:PutObject <bucket>/site/*",
        "s3:GetObject <bucket>/site/*",
        "s3:DeleteObject <bucket>/site/*",
        "s3:GetObject <bucket>/staging/*",
        "s3:DeleteObject <bucket>/staging/*",
        "s3:PutObject <bucket>/_control/*",
        "s3:GetObject <bucket>/_control/*",
        "s3:DeleteObject <bucket>/_control/*",
        "s3:ListBucket <bucket>",
        "cloudfront:CreateInvalidation arn:aws:cloudfront::ACCOUNT:distribution/<distribution.Ref>",
        "sqs:ReceiveMessage <queue>",
        "sqs:DeleteMessage <queue>",
        "sqs:ChangeMessageVisibility <queue>",
        "sqs:GetQueueAttributes <queue>",
        "sqs:SendMessage <dead-letters>",
        "sqs:GetQueueAttributes <dead-letters>",
      ].sort(),
    );
  });

  it("lets the admin send and inspect the queue, handle dead letters, read published objects and write only its own keys", () => {
    expect(grantsOf(resources, roleId("AdminTaskRole"), names)).toEqual(
      [
        "sqs:SendMessage <queue>",
        "sqs:GetQueueAttributes <queue>",
        "sqs:GetQueueAttributes <dead-letters>",
        "sqs:ReceiveMessage <dead-letters>",
        "sqs:DeleteMessage <dead-letters>",
        "sqs:ChangeMessageVisibility <dead-letters>",
        "s3:GetObject <bucket>/site/*",
        "s3:PutObject <bucket>/site/media/*",
        "s3:PutObject <bucket>/site/banners/notice.json",
        "s3:PutObject <bucket>/site/widgets/ballast*.js",
        "s3:PutObject <bucket>/staging/*",
        "s3:GetObject <bucket>/_control/workers.json",
        "s3:PutObject <bucket>/_control/workers.json",
        "s3:GetObject <bucket>/_control/heartbeats/*",
        "s3:DeleteObject <bucket>/_control/heartbeats/*",
        "s3:ListBucket <bucket>",
      ].sort(),
    );
  });

  it("gives the migrate task no AWS permissions at all", () => {
    expect(grantsOf(resources, roleId("MigrateTaskRole"), names)).toEqual([]);
  });

  it("lets nothing change bucket policies or ACLs, and grants no wildcard action", () => {
    const forbidden = /^(s3:(\*|PutBucketPolicy|DeleteBucketPolicy|PutBucketAcl|PutObjectAcl|PutObjectVersionAcl|PutBucketOwnershipControls|PutBucketPublicAccessBlock|PutAccountPublicAccessBlock)|\*)$/;
    const actions: string[] = [];
    const collect = (document: unknown) => {
      for (const statement of (document as { Statement: Record<string, unknown>[] }).Statement) {
        if (statement.Effect === "Allow") actions.push(...([] as string[]).concat(statement.Action as string | string[]));
      }
    };
    for (const [, policy] of resourcesOfType(resources, "AWS::IAM::Policy")) collect(policy.Properties.PolicyDocument);
    for (const [, role] of resourcesOfType(resources, "AWS::IAM::Role")) {
      for (const inline of (role.Properties.Policies as { PolicyDocument: unknown }[] | undefined) ?? []) collect(inline.PolicyDocument);
    }
    expect(actions.length).toBeGreaterThan(20);
    expect(actions.filter((action) => forbidden.test(action))).toEqual([]);
    // No AWS managed policy on the roles Ballast's code runs under.
    for (const prefix of ["AdminTaskRole", "WorkerTaskRole", "MigrateTaskRole"]) expect(resources[roleId(prefix)]!.Properties.ManagedPolicyArns).toBeUndefined();
  });
});

describe("the services", () => {
  it("run the admin and the workers as several tasks each, their counts deploy-time parameters", () => {
    expect(json.Parameters).toMatchObject({
      AdminDesiredCount: { Type: "Number", Default: 2, MinValue: 1 },
      WorkerDesiredCount: { Type: "Number", Default: 2, MinValue: 1 },
      ImageTag: { Type: "String" },
      AdminCertificateArn: { Type: "String" },
      AdminDomainName: { Type: "String", MaxLength: 253 },
    });
    // The admin's host name: a bare lower-case name (it is put after https:// in settings and the pages' policy).
    const hostName = new RegExp((json.Parameters as Record<string, { AllowedPattern: string }>).AdminDomainName!.AllowedPattern);
    expect(["admin.example.com", "ballast.news.example.co.uk", "admin.example.xn--p1ai"].filter((name) => hostName.test(name))).toHaveLength(3);
    expect(["https://admin.example.com", "Admin.example.com", "admin.example.com/", "admin.example.com; script-src *", "localhost"].filter((name) => hostName.test(name))).toEqual([]);
    const services = resourcesOfType(resources, "AWS::ECS::Service").map(([, service]) => service.Properties);
    expect(services.map((service) => service.DesiredCount).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([{ Ref: "AdminDesiredCount" }, { Ref: "WorkerDesiredCount" }]);
    for (const service of services) {
      expect(service).toMatchObject({ LaunchType: "FARGATE", DeploymentConfiguration: { DeploymentCircuitBreaker: { Enable: true, Rollback: true }, MinimumHealthyPercent: 100 } });
    }
  });

  it("serve the admin behind a load balancer over HTTPS only, HTTP redirected", () => {
    const listeners = resourcesOfType(resources, "AWS::ElasticLoadBalancingV2::Listener").map(([, listener]) => listener.Properties);
    expect(listeners).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Port: 443, Protocol: "HTTPS", Certificates: [{ CertificateArn: { Ref: "AdminCertificateArn" } }], SslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" }),
        expect.objectContaining({ Port: 80, Protocol: "HTTP", DefaultActions: [expect.objectContaining({ Type: "redirect", RedirectConfig: expect.objectContaining({ Protocol: "HTTPS", Port: "443" }) })] }),
      ]),
    );
    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", { HealthCheckPath: "/api/health", Port: 3000 });
  });

  it("give each service only settings lib/env.ts reads, secrets from Secrets Manager, and valid values", () => {
    const known = new Set(Object.keys(ZEnvSchema.in.shape));
    const admin = environmentOf("AdminTask");
    const worker = environmentOf("WorkerTask");
    const migrate = environmentOf("MigrateTask");
    for (const environment of [admin, worker, migrate]) expect(Object.keys(environment).filter((name) => !known.has(name))).toEqual([]);
    // PGPASSWORD is read by pg itself, beside the password-less DATABASE_URL.
    for (const task of ["AdminTask", "WorkerTask"]) expect(secretNamesOf(task)).toEqual(["AUTH_SECRET", "PGPASSWORD"]);
    expect(secretNamesOf("MigrateTask")).toEqual(["ADMIN_PASSWORD", "PGPASSWORD"]);
    expect(admin).toMatchObject({
      NODE_ENV: "production",
      PORT: "3000",
      PUBLISH_TARGET: "s3://<bucket.Ref>/site",
      PUBLIC_BASE_URL: "https://<distribution.DomainName>/site",
      QUEUE_URL: "<queue.Ref>",
      QUEUE_DLQ_URL: "<dead-letters.Ref>",
      WORKER_CONTROL_URL: "s3://<bucket.Ref>/_control",
      TRUSTED_PROXIES: "10.40.0.0/16",
      QUESTIONS_ENDPOINT_URL: "https://<AdminDomainName.Ref>",
    });
    // The worker renders live blogs' heads, which tell readers' browsers where to post questions.
    expect(worker).toMatchObject({ CLOUDFRONT_DISTRIBUTION_ID: "<distribution.Ref>", PUBLISH_TARGET: "s3://<bucket.Ref>/site", WORKER_CONTROL_URL: "s3://<bucket.Ref>/_control", QUESTIONS_ENDPOINT_URL: "https://<AdminDomainName.Ref>" });
    expect(admin.CLOUDFRONT_DISTRIBUTION_ID).toBeUndefined();
    // With deploy-time values filled in, the settings pass the app's own checks.
    const deployed = (environment: Record<string, string>) =>
      Object.fromEntries(
        Object.entries(environment).map(([name, value]) => [
          name,
          value
            .replaceAll("<bucket.Ref>", "ballast-contentbucket52d4b12c-abc123")
            .replace(/<(queue|dead-letters)\.Ref>/, "https://sqs.us-east-1.amazonaws.com/123456789012/Ballast-WriteQueue.fifo")
            .replace(/<[^>]*DomainName>/, "d111111abcdef8.cloudfront.net")
            .replace(/<[^>]*Endpoint\.Address>:<[^>]*Endpoint\.Port>/, "ballast.abc.us-east-1.rds.amazonaws.com:5432")
            .replace("<distribution.Ref>", "E2QWRUHAPOMQZL")
            .replace("<FirstAdminEmail.Ref>", "editor-in-chief@example.com")
            .replace("<AdminDomainName.Ref>", "admin.example.com")
            .replace("REGION", "us-east-1"),
        ]),
      );
    for (const environment of [admin, worker, migrate]) {
      const parsed = ZEnvSchema.safeParse({ ...deployed(environment), AUTH_SECRET: "x".repeat(64), ADMIN_PASSWORD: "y".repeat(24) });
      expect(parsed.error?.issues ?? []).toEqual([]);
    }
  });

  it("keep the worker controls in S3 (_control/, outside the published prefix), reachable with the database down", () => {
    for (const task of ["AdminTask", "WorkerTask"]) expect(environmentOf(task).WORKER_CONTROL_URL).toBe("s3://<bucket.Ref>/_control");
    const workerGrants = grantsOf(resources, roleId("WorkerTaskRole"), names);
    expect(workerGrants).toEqual(expect.arrayContaining(["s3:GetObject <bucket>/_control/*", "s3:PutObject <bucket>/_control/*"]));
    // CloudFront cannot read them: its one grant is site/*.
    const cloudFrontGrant = policyStatements("AWS::S3::BucketPolicy", bucketId).find((statement) => statement.Effect === "Allow")!;
    expect(render(cloudFrontGrant.Resource, names)).toBe("<bucket>/site/*");
  });

  it("start each admin and worker task after its migrations, give workers time to finish work in hand, and run bin/migrate.ts once", () => {
    expect(containerOf("AdminTask").Command).toEqual(["sh", "-c", "node --import tsx bin/migrate.ts --on-start && exec node --import tsx bin/admin-server.ts"]);
    expect(containerOf("WorkerTask")).toMatchObject({
      Command: ["sh", "-c", "node --import tsx bin/migrate.ts --on-start && exec node --heap-growing-percent=25 --max-semi-space-size=2 --conditions=react-server --import tsx bin/worker.ts"],
      StopTimeout: 120,
    });
    expect(containerOf("MigrateTask")).toMatchObject({ Command: ["node", "--import", "tsx", "bin/migrate.ts"] });
    expect(containerOf("AdminTask").HealthCheck).toMatchObject({ Command: ["CMD", "node", "-e", expect.stringContaining("/api/health")] });
  });
});

describe("cdk-nag", () => {
  it("passes the AWS Solutions rules, with every acknowledgement justified", () => {
    const app = new App();
    new BallastImageRepositoryStack(app, "BallastImages");
    new BallastStack(app, "Ballast");
    const report = new AwsSolutionsChecks(app).validateScope(app);
    const findings = report.violations.map((violation) => `${violation.ruleName}: ${violation.violatingResources.map((resource) => resource.resourceLogicalId).join(", ")}`);
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  it("still finds a violation when one is introduced (the check is live)", () => {
    const app = new App();
    const stack = new BallastStack(app, "Ballast");
    new s3.Bucket(stack, "Careless");
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(report.violations.map((violation) => violation.ruleName)).toEqual(expect.arrayContaining([expect.stringMatching(/AwsSolutions-S1/), expect.stringMatching(/AwsSolutions-S10/)]));
  });

  it("acknowledges rules only with a reason beside them", () => {
    const app = new App();
    new BallastStack(app, "Ballast");
    const acknowledged = app.node
      .findAll()
      .flatMap((construct) => construct.node.metadata.filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>));
    const flat = acknowledged.filter(([id]) => id.includes("AwsSolutions-")).map(([id, reason]) => ({ id, reason }));
    expect(flat.length).toBeGreaterThan(10);
    for (const acknowledgement of flat) expect(acknowledgement.reason.length, acknowledgement.id).toBeGreaterThan(30);
  });
});
