// Ballast on AWS: S3 + CloudFront for readers, SQS FIFO for writes, RDS Postgres, the admin and the workers on ECS
// Fargate. Environment-agnostic (no look-ups at synth time): regions, zones and accounts are resolved by CloudFormation.
import { Aws, CfnCondition, CfnOutput, CfnParameter, Duration, Fn, RemovalPolicy, Stack, Validations, type StackProps } from "aws-cdk-lib";
import * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import * as origins from "aws-cdk-lib/aws-cloudfront-origins";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as cloudwatchActions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as ecr from "aws-cdk-lib/aws-ecr";
import { FactName } from "aws-cdk-lib/region-info";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as elbv2 from "aws-cdk-lib/aws-elasticloadbalancingv2";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as logs from "aws-cdk-lib/aws-logs";
import * as rds from "aws-cdk-lib/aws-rds";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as sns from "aws-cdk-lib/aws-sns";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { WORKER_NODE_FLAGS } from "../../lib/process/worker-node-flags";
import { PUBLISHED_SECURITY_HEADERS, publishedPageCsp } from "../../lib/publishing/published-headers";
import { ADMIN_PUBLISHED_KEYS, CONTROL_PREFIX, CONTROLS_OBJECT, HEARTBEATS_PREFIX, PUBLISH_PREFIX, STAGING_PREFIX } from "./bucket-layout";
import { DEFAULT_IMAGE_REPOSITORY_NAME } from "./image-repository-stack";

export type TBallastStackProps = StackProps & {
  /** Readers' domain (e.g. cdn.example.com) with its ACM certificate in us-east-1; both or neither. */
  cdnDomainName?: string;
  cdnCertificateArn?: string;
  /** A Secrets Manager secret whose value is an existing DATABASE_URL; no RDS instance is created then. */
  databaseUrlSecretArn?: string;
  /** RDS instance class (default t4g.small) and whether it has a standby in a second zone (default false). */
  databaseInstanceType?: string;
  databaseMultiAz?: boolean;
  /** NAT gateways for the tasks' outbound traffic (vendor feeds, AWS APIs): 1 (default) or one per zone (2). */
  natGateways?: number;
  imageRepositoryName?: string;
};

const VPC_CIDR = "10.40.0.0/16";
const ADMIN_PORT = 3000;
const DATABASE_NAME = "ballast";
const DATABASE_USER = "ballast";
const ONE_YEAR = Duration.days(365);
// Readers' 404s and 403s (a head not published yet) are cached as briefly as a head itself.
const ERROR_CACHE_TTL = Duration.seconds(2);
const QUEUE_RETENTION = Duration.days(14);
// The app moves a failing command to the dead letters itself after QUEUE_MAX_ATTEMPTS (5), keeping its error; SQS's own
// redrive is the backstop for a message that crashes its worker every time. It is far above 5 because a healthy
// command is also received again when it waits behind an earlier one of its document or for the database.
const QUEUE_MAX_RECEIVE_COUNT = 100;
// Each task applies pending migrations before its process starts (Prisma serialises concurrent runs with an advisory
// lock), so a release's code never meets an older schema; with Postgres unreachable it starts anyway (outage mode).
const startAfterMigrations = (entry: string) => ["sh", "-c", `node --import tsx bin/migrate.ts --on-start && exec ${entry}`];
const HEALTH_CHECK_COMMAND = `fetch('http://127.0.0.1:${ADMIN_PORT}/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`;

export class BallastStack extends Stack {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly adminTaskRole: iam.Role;
  readonly workerTaskRole: iam.Role;

  constructor(scope: Construct, id: string, props: TBallastStackProps = {}) {
    super(scope, id, props);
    if (Boolean(props.cdnDomainName) !== Boolean(props.cdnCertificateArn)) {
      throw new Error("cdnDomainName and cdnCertificateArn go together: give both (the certificate must be in us-east-1) or neither.");
    }

    // ---- Deploy-time parameters (cdk deploy --parameters Name=value; kept from one deploy to the next) ----
    const imageTag = new CfnParameter(this, "ImageTag", {
      type: "String",
      description: "Release to run: a tag pushed to the ballast ECR repository (e.g. 2026.12.1). Roll back by deploying the previous tag.",
      allowedPattern: "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$",
    });
    const adminCertificateArn = new CfnParameter(this, "AdminCertificateArn", {
      type: "String",
      description: "ACM certificate (in this stack's region) for the admin's domain; the admin is served over HTTPS only.",
      allowedPattern: "^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]+$",
      constraintDescription: "must be an ACM certificate ARN, e.g. arn:aws:acm:us-east-1:123456789012:certificate/…",
    });
    const adminDomainName = new CfnParameter(this, "AdminDomainName", {
      type: "String",
      description: "The admin's host name, the one AdminCertificateArn is for (e.g. admin.example.com): editors sign in there and readers' questions are posted there.",
      allowedPattern: "^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+([a-z]{2,63}|xn--[a-z0-9-]{1,59})$",
      constraintDescription: "must be a lower-case host name, e.g. admin.example.com",
      maxLength: 253,
    });
    const adminUrl = `https://${adminDomainName.valueAsString}`;
    const adminDesiredCount = new CfnParameter(this, "AdminDesiredCount", { type: "Number", default: 2, minValue: 1, maxValue: 20, description: "Admin tasks behind the load balancer." });
    const workerDesiredCount = new CfnParameter(this, "WorkerDesiredCount", { type: "Number", default: 2, minValue: 1, maxValue: 50, description: "Worker tasks (apply + publish)." });
    const adminAllowedCidr = new CfnParameter(this, "AdminAllowedCidr", {
      type: "String",
      default: "0.0.0.0/0",
      allowedPattern: "^[0-9]{1,3}(\\.[0-9]{1,3}){3}/[0-9]{1,2}$",
      description: "Who may reach the admin's load balancer (your newsroom's or VPN's range; default anyone, sign-in still required).",
    });
    const firstAdminEmail = new CfnParameter(this, "FirstAdminEmail", {
      type: "String",
      default: "admin@example.com",
      allowedPattern: "^[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}$",
      description: "Email of the admin account the migrate task creates when there is none.",
    });
    const alarmEmail = new CfnParameter(this, "AlarmEmail", { type: "String", default: "", description: "Optional address subscribed to the queue alarms (confirm the email AWS sends)." });

    // ---- Network: public subnets for the load balancer, private ones for tasks, isolated ones for the database ----
    const vpc = new ec2.Vpc(this, "Vpc", {
      ipAddresses: ec2.IpAddresses.cidr(VPC_CIDR),
      maxAzs: 2,
      natGateways: props.natGateways ?? 1,
      subnetConfiguration: [
        { name: "public", subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: "tasks", subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
        { name: "database", subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    // S3 traffic stays off the NAT gateway (free endpoint, no per-GB NAT charge for publishing).
    vpc.addGatewayEndpoint("S3Endpoint", { service: ec2.GatewayVpcEndpointAwsService.S3 });
    // Rejected connections only: enough to investigate a blocked path without paying to log every accepted packet.
    vpc.addFlowLog("RejectedTraffic", { trafficType: ec2.FlowLogTrafficType.REJECT });

    // ---- Logs bucket: S3 server access logs, CloudFront and load balancer logs ----
    const logBucket = new s3.Bucket(this, "LogBucket", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront's standard logs are delivered with an ACL grant, so this bucket (only this one) keeps ACLs on.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ id: "expire-logs", expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The access-log bucket does not log its own accesses (that would loop).
    Validations.of(logBucket).acknowledge({ id: "AwsSolutions-S1", reason: "This is the log bucket; logging it into itself would loop." });

    // ---- Content bucket: published objects under site/, staged uploads and worker controls outside it ----
    this.bucket = new s3.Bucket(this, "ContentBucket", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: logBucket,
      serverAccessLogsPrefix: "s3/",
      lifecycleRules: [
        // An upload nobody imported (the editor walked away) is removed; an import takes seconds to minutes.
        { id: "expire-staged-uploads", prefix: STAGING_PREFIX, expiration: Duration.days(7), abortIncompleteMultipartUploadAfter: Duration.days(1) },
        // A worker writes a new heartbeat object per start; the System page ignores ones older than a day.
        { id: "expire-old-heartbeats", prefix: HEARTBEATS_PREFIX, expiration: Duration.days(2) },
        // Multipart uploads cut short anywhere (roles may not abort them themselves) stop costing storage.
        { id: "abort-incomplete-multipart-uploads", abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const publishedObjects = this.bucket.arnForObjects(`${PUBLISH_PREFIX}/*`);

    // ---- CloudFront: readers only ever reach this ----
    const originAccessControl = new cloudfront.S3OriginAccessControl(this, "OriginAccessControl", { signing: cloudfront.Signing.SIGV4_ALWAYS });
    const origin = origins.S3BucketOrigin.withBucketDefaults(this.bucket, { originAccessControlId: originAccessControl.originAccessControlId });
    const cachePolicy = new cloudfront.CachePolicy(this, "OriginCacheControl", {
      comment: "Honours each object's Cache-Control: immutable files a year, heads seconds with stale-while-revalidate / stale-if-error",
      // Every object is uploaded with Cache-Control; these bound it and cover an object without one.
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(2),
      maxTtl: ONE_YEAR,
      // Widgets never add query strings or cookies; leaving them out of the key keeps a cache-buster from reaching S3.
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.none(),
      headerBehavior: cloudfront.CacheHeaderBehavior.none(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const corsAndSecurity = (csp: string | undefined) => ({
      corsBehavior: {
        accessControlAllowOrigins: [PUBLISHED_SECURITY_HEADERS["Access-Control-Allow-Origin"]],
        accessControlAllowMethods: ["GET", "HEAD"],
        accessControlAllowHeaders: ["*"],
        accessControlAllowCredentials: false,
        accessControlMaxAge: Duration.days(1),
        originOverride: true,
      },
      securityHeadersBehavior: {
        contentTypeOptions: { override: PUBLISHED_SECURITY_HEADERS["X-Content-Type-Options"] === "nosniff" },
        ...(csp ? { contentSecurityPolicy: { contentSecurityPolicy: csp, override: true } } : {}),
      },
    });
    // The same headers as the admin's /cdn route (lib/publishing/published-headers.ts): CORS and nosniff everywhere,
    // and the strict Content-Security-Policy on published HTML pages.
    const objectHeaders = new cloudfront.ResponseHeadersPolicy(this, "PublishedObjectHeaders", { comment: "Ballast published objects", ...corsAndSecurity(undefined) });
    const pageHeaders = new cloudfront.ResponseHeadersPolicy(this, "PublishedPageHeaders", {
      comment: "Ballast published HTML pages",
      // The widget on a published page posts reader questions to the admin's domain.
      ...corsAndSecurity(publishedPageCsp(adminUrl)),
    });
    // A folder URL (pages/today/) is its static page, as the /cdn route serves it; S3's REST endpoint has no index documents.
    const folderIndex = new cloudfront.Function(this, "FolderIndex", {
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: "Serve <folder>/index.html for <folder>/",
      code: cloudfront.FunctionCode.fromInline("function handler(event) { var request = event.request; if (request.uri.endsWith('/')) { request.uri += 'index.html'; } return request; }"),
    });
    const readerBehavior = {
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
      cachePolicy,
      compress: true,
    };
    this.distribution = new cloudfront.Distribution(this, "Distribution", {
      comment: "Ballast readers",
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableIpv6: true,
      // North America and Europe edges: an American newsroom's readers, at the lowest price class.
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      ...(props.cdnDomainName && props.cdnCertificateArn
        ? {
            domainNames: [props.cdnDomainName],
            certificate: acm.Certificate.fromCertificateArn(this, "CdnCertificate", props.cdnCertificateArn),
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      defaultBehavior: { ...readerBehavior, responseHeadersPolicy: objectHeaders },
      additionalBehaviors: {
        "*.html": { ...readerBehavior, responseHeadersPolicy: pageHeaders },
        "*/": {
          ...readerBehavior,
          responseHeadersPolicy: pageHeaders,
          functionAssociations: [{ function: folderIndex, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
        },
      },
      errorResponses: [403, 404].map((httpStatus) => ({ httpStatus, ttl: ERROR_CACHE_TTL })),
      enableLogging: true,
      logBucket,
      logFilePrefix: "cloudfront/",
    });
    // CloudFront, and only this distribution, may read published objects: never the staged uploads or the controls.
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "CloudFrontReadsPublishedObjects",
        effect: iam.Effect.ALLOW,
        principals: [new iam.ServicePrincipal("cloudfront.amazonaws.com")],
        actions: ["s3:GetObject"],
        resources: [publishedObjects],
        conditions: { StringEquals: { "AWS:SourceArn": this.distribution.distributionArn } },
      }),
    );
    Validations.of(this.distribution).acknowledge(
      { id: "AwsSolutions-CFR1", reason: "Published news and election information is for readers anywhere; no geographic restriction." },
      { id: "AwsSolutions-CFR2", reason: "Only static, public, GET-only objects are served; a WAF adds cost per request without protecting anything writable. Attach one if your policy needs it." },
      ...(props.cdnDomainName
        ? []
        : [{ id: "AwsSolutions-CFR4", reason: "Without a custom domain CloudFront's default certificate is used, whose protocol floor cannot be set; with cdnDomainName the floor is TLSv1.2_2021." }]),
    );
    const cdnHost = props.cdnDomainName ?? this.distribution.distributionDomainName;
    const publicBaseUrl = `https://${cdnHost}/${PUBLISH_PREFIX}`;

    // ---- Write queue: SQS FIFO with its FIFO dead-letter queue ----
    this.deadLetterQueue = new sqs.Queue(this, "DeadLetterQueue", {
      fifo: true,
      retentionPeriod: QUEUE_RETENTION,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.queue = new sqs.Queue(this, "WriteQueue", {
      fifo: true,
      // The app sets MessageDeduplicationId (the command id) and MessageGroupId (the document) itself.
      contentBasedDeduplication: false,
      deduplicationScope: sqs.DeduplicationScope.MESSAGE_GROUP,
      fifoThroughputLimit: sqs.FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
      // A database outage may last days: a queued post must outlive it.
      retentionPeriod: QUEUE_RETENTION,
      visibilityTimeout: Duration.seconds(30),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: QUEUE_MAX_RECEIVE_COUNT },
    });

    // ---- Alarms: a backlog, a stuck queue, a dead letter ----
    const alarmKey = new kms.Key(this, "AlarmTopicKey", { enableKeyRotation: true, description: "Encrypts the Ballast alarm topic" });
    alarmKey.grant(new iam.ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*");
    const alarmTopic = new sns.Topic(this, "AlarmTopic", { displayName: "Ballast alarms", masterKey: alarmKey, enforceSSL: true });
    const hasAlarmEmail = new CfnCondition(this, "HasAlarmEmail", { expression: Fn.conditionNot(Fn.conditionEquals(alarmEmail.valueAsString, "")) });
    const emailSubscription = new sns.CfnSubscription(this, "AlarmEmailSubscription", { topicArn: alarmTopic.topicArn, protocol: "email", endpoint: alarmEmail.valueAsString });
    emailSubscription.cfnOptions.condition = hasAlarmEmail;
    const alarms = [
      new cloudwatch.Alarm(this, "QueueDepthAlarm", {
        alarmDescription: "More than 1,000 commands waiting for 5 minutes: workers are behind, paused or the database is down.",
        metric: this.queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM }),
        threshold: 1000,
        evaluationPeriods: 5,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      new cloudwatch.Alarm(this, "OldestMessageAlarm", {
        alarmDescription: "A command has waited over 2 minutes for 3 minutes: nothing is being applied (paused workers, database down, no worker running).",
        metric: this.queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM }),
        threshold: 120,
        evaluationPeriods: 3,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      new cloudwatch.Alarm(this, "DeadLettersAlarm", {
        alarmDescription: "A command failed for good and waits in the dead letters: Admin → System shows it with Retry and Discard.",
        metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    ];
    for (const alarm of alarms) {
      alarm.addAlarmAction(new cloudwatchActions.SnsAction(alarmTopic));
      alarm.addOkAction(new cloudwatchActions.SnsAction(alarmTopic));
    }

    // ---- Security groups ----
    const loadBalancerSecurityGroup = new ec2.SecurityGroup(this, "LoadBalancerSecurityGroup", { vpc, description: "Admin load balancer", allowAllOutbound: false });
    loadBalancerSecurityGroup.addIngressRule(ec2.Peer.ipv4(adminAllowedCidr.valueAsString), ec2.Port.tcp(443), "Admin over HTTPS");
    loadBalancerSecurityGroup.addIngressRule(ec2.Peer.ipv4(adminAllowedCidr.valueAsString), ec2.Port.tcp(80), "Redirected to HTTPS");
    Validations.of(loadBalancerSecurityGroup).acknowledge({
      id: "AwsSolutions-EC23",
      reason: "The admin is a sign-in web app; the AdminAllowedCidr parameter narrows it to a newsroom or VPN range, and its default lets editors in from anywhere.",
    });
    const adminSecurityGroup = new ec2.SecurityGroup(this, "AdminSecurityGroup", { vpc, description: "Admin tasks" });
    adminSecurityGroup.addIngressRule(loadBalancerSecurityGroup, ec2.Port.tcp(ADMIN_PORT), "From the load balancer only");
    loadBalancerSecurityGroup.addEgressRule(adminSecurityGroup, ec2.Port.tcp(ADMIN_PORT), "To the admin tasks");
    const workerSecurityGroup = new ec2.SecurityGroup(this, "WorkerSecurityGroup", { vpc, description: "Worker and one-off tasks" });

    // ---- Database: RDS Postgres 17, or an existing one through its DATABASE_URL secret ----
    const databaseSecrets: Record<string, ecs.Secret> = {};
    const databaseEnvironment: Record<string, string> = {};
    let database: rds.DatabaseInstance | undefined;
    if (props.databaseUrlSecretArn) {
      const databaseUrlSecret = secretsmanager.Secret.fromSecretCompleteArn(this, "DatabaseUrlSecret", props.databaseUrlSecretArn);
      databaseSecrets.DATABASE_URL = ecs.Secret.fromSecretsManager(databaseUrlSecret);
    } else {
      const databaseSecurityGroup = new ec2.SecurityGroup(this, "DatabaseSecurityGroup", { vpc, description: "Postgres", allowAllOutbound: false });
      databaseSecurityGroup.addIngressRule(adminSecurityGroup, ec2.Port.tcp(5432), "Admin tasks");
      databaseSecurityGroup.addIngressRule(workerSecurityGroup, ec2.Port.tcp(5432), "Worker and one-off tasks");
      database = new rds.DatabaseInstance(this, "Database", {
        engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 }),
        instanceType: new ec2.InstanceType(props.databaseInstanceType ?? "t4g.small"),
        vpc,
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        securityGroups: [databaseSecurityGroup],
        databaseName: DATABASE_NAME,
        // Generated into Secrets Manager at deploy time: the password is never in the template.
        credentials: rds.Credentials.fromGeneratedSecret(DATABASE_USER),
        multiAz: props.databaseMultiAz ?? false,
        storageType: rds.StorageType.GP3,
        allocatedStorage: 20,
        maxAllocatedStorage: 200,
        storageEncrypted: true,
        backupRetention: Duration.days(7),
        deletionProtection: true,
        removalPolicy: RemovalPolicy.SNAPSHOT,
        publiclyAccessible: false,
        caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
        parameters: { "rds.force_ssl": "1" },
        cloudwatchLogsExports: ["postgresql"],
        cloudwatchLogsRetention: logs.RetentionDays.ONE_MONTH,
      });
      // pg reads the password from PGPASSWORD when the URL has none: the URL is plain configuration, the password a
      // secret injected at task start. verify-full checks the server against the RDS CA bundle in the image.
      databaseEnvironment.DATABASE_URL = `postgresql://${DATABASE_USER}@${database.dbInstanceEndpointAddress}:${database.dbInstanceEndpointPort}/${DATABASE_NAME}?sslmode=verify-full`;
      databaseSecrets.PGPASSWORD = ecs.Secret.fromSecretsManager(database.secret!, "password");
      Validations.of(database).acknowledge(
        { id: "AwsSolutions-RDS3", reason: "Multi-AZ is the databaseMultiAz context setting: off for a small deployment (half the cost), on for election night. Queued writes survive a database outage either way." },
        { id: "AwsSolutions-RDS11", reason: "A non-default port hides nothing from a scanner inside the VPC; access is limited by security group to the Ballast tasks." },
        { id: "AwsSolutions-RDS6", reason: "Ballast connects with a password from Secrets Manager over verified TLS; IAM tokens expire every 15 minutes, which its long-lived pools do not renew." },
        { id: "AwsSolutions-SMG4", reason: "Tasks read the password at start; an automatic rotation would lock running tasks out. Rotate by hand, then force a new deployment (infra/README.md)." },
      );
      // CDK's own helper that sets the retention of the RDS log group: a Lambda function with the basic execution role.
      const logRetention = this.node.children.find((child) => child.node.id.startsWith("LogRetention"));
      if (logRetention) {
        Validations.of(logRetention).acknowledge(
          { id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]", reason: "CDK's log-retention helper writes only its own logs." },
          { id: "AwsSolutions-IAM5[Resource::*]", reason: "CDK's log-retention helper sets retention on log groups named at deploy time." },
        );
      }
    }

    // ---- Secrets shared by both services ----
    const authSecret = new secretsmanager.Secret(this, "AuthSecret", {
      description: "Ballast AUTH_SECRET: signs admin session tokens",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    const firstAdminPassword = new secretsmanager.Secret(this, "FirstAdminPassword", {
      description: "Ballast: password of the first admin account, created by the migrate task",
      generateSecretString: { passwordLength: 24, excludePunctuation: true },
    });
    for (const secret of [authSecret, firstAdminPassword]) {
      Validations.of(secret).acknowledge({
        id: "AwsSolutions-SMG4",
        reason: secret === authSecret ? "Rotating AUTH_SECRET signs every editor out; do it by hand (infra/README.md)." : "Used once, to create the first admin, who then changes the password.",
      });
    }

    // ---- Containers ----
    const repository = ecr.Repository.fromRepositoryName(this, "ImageRepository", props.imageRepositoryName ?? DEFAULT_IMAGE_REPOSITORY_NAME);
    const image = ecs.ContainerImage.fromEcrRepository(repository, imageTag.valueAsString);
    const cluster = new ecs.Cluster(this, "Cluster", { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    const controlUrl = `s3://${this.bucket.bucketName}/${CONTROL_PREFIX}`;
    // Non-secret settings each service reads (lib/env.ts); secrets arrive separately, from Secrets Manager.
    const sharedEnvironment: Record<string, string> = {
      NODE_ENV: "production",
      LOG_LEVEL: "info",
      PUBLISH_TARGET: `s3://${this.bucket.bucketName}/${PUBLISH_PREFIX}`,
      S3_REGION: Aws.REGION,
      PUBLIC_BASE_URL: publicBaseUrl,
      // Published live blogs tell readers' browsers to post questions here (the admin's public endpoint).
      QUESTIONS_ENDPOINT_URL: adminUrl,
      QUEUE_URL: this.queue.queueUrl,
      QUEUE_DLQ_URL: this.deadLetterQueue.queueUrl,
      QUEUE_MAX_ATTEMPTS: "5",
      WORKER_CONTROL_URL: controlUrl,
      ...databaseEnvironment,
    };
    const sharedSecrets: Record<string, ecs.Secret> = { ...databaseSecrets, AUTH_SECRET: ecs.Secret.fromSecretsManager(authSecret) };
    const logGroup = (name: string) => new logs.LogGroup(this, `${name}Logs`, { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.RETAIN });
    const acknowledgeEnvironment = (taskDefinition: ecs.TaskDefinition) =>
      Validations.of(taskDefinition).acknowledge({ id: "AwsSolutions-ECS2", reason: "Only non-secret settings are environment variables; the database password and AUTH_SECRET come from Secrets Manager." });

    // The admin: Next.js behind an HTTPS load balancer, several tasks (sessions are signed tokens; no stickiness needed).
    this.adminTaskRole = new iam.Role(this, "AdminTaskRole", { assumedBy: new iam.ServicePrincipal("ecs-tasks.amazonaws.com"), description: "Ballast admin tasks" });
    const adminTask = new ecs.FargateTaskDefinition(this, "AdminTask", { cpu: 1024, memoryLimitMiB: 2048, taskRole: this.adminTaskRole });
    adminTask.addContainer("admin", {
      image,
      essential: true,
      command: startAfterMigrations("node --import tsx bin/admin-server.ts"),
      portMappings: [{ containerPort: ADMIN_PORT }],
      environment: {
        ...sharedEnvironment,
        PORT: String(ADMIN_PORT),
        // The load balancer's nodes live in the VPC: only they may set X-Forwarded-For / -Proto (login throttle, HSTS).
        TRUSTED_PROXIES: VPC_CIDR,
      },
      secrets: sharedSecrets,
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: "admin", logGroup: logGroup("Admin") }),
      healthCheck: { command: ["CMD", "node", "-e", HEALTH_CHECK_COMMAND], interval: Duration.seconds(30), timeout: Duration.seconds(5), retries: 3, startPeriod: Duration.seconds(60) },
      stopTimeout: Duration.seconds(30),
    });
    acknowledgeEnvironment(adminTask);
    const adminService = new ecs.FargateService(this, "AdminService", {
      cluster,
      taskDefinition: adminTask,
      desiredCount: adminDesiredCount.valueAsNumber,
      securityGroups: [adminSecurityGroup],
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      // A release whose tasks never get healthy is rolled back to the last working one by ECS itself.
      circuitBreaker: { enable: true, rollback: true },
    });

    const loadBalancer = new elbv2.ApplicationLoadBalancer(this, "AdminLoadBalancer", {
      vpc,
      internetFacing: true,
      securityGroup: loadBalancerSecurityGroup,
      dropInvalidHeaderFields: true,
    });
    // Access logs, written by the regional load-balancing account (a mapping by region: no look-up at synth time) or,
    // in regions opened since 2022, by the log-delivery service.
    logBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "LoadBalancerAccessLogs",
        actions: ["s3:PutObject"],
        principals: [new iam.AccountPrincipal(this.regionalFact(FactName.ELBV2_ACCOUNT, Aws.ACCOUNT_ID)), new iam.ServicePrincipal("logdelivery.elasticloadbalancing.amazonaws.com")],
        resources: [logBucket.arnForObjects(`alb/AWSLogs/${Aws.ACCOUNT_ID}/*`)],
      }),
    );
    loadBalancer.setAttribute("access_logs.s3.enabled", "true");
    loadBalancer.setAttribute("access_logs.s3.bucket", logBucket.bucketName);
    loadBalancer.setAttribute("access_logs.s3.prefix", "alb");
    // The load balancer checks at creation that it may write its logs.
    loadBalancer.node.addDependency(logBucket);
    loadBalancer.addListener("Http", { port: 80, open: false, defaultAction: elbv2.ListenerAction.redirect({ protocol: "HTTPS", port: "443", permanent: true }) });
    const httpsListener = loadBalancer.addListener("Https", {
      port: 443,
      open: false,
      certificates: [elbv2.ListenerCertificate.fromArn(adminCertificateArn.valueAsString)],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
    });
    httpsListener.addTargets("Admin", {
      port: ADMIN_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [adminService],
      healthCheck: { path: "/api/health", healthyHttpCodes: "200", interval: Duration.seconds(15) },
      deregistrationDelay: Duration.seconds(30),
    });

    // The workers: apply queued commands, publish, invalidate. Several tasks share the queue (FIFO per document).
    this.workerTaskRole = new iam.Role(this, "WorkerTaskRole", { assumedBy: new iam.ServicePrincipal("ecs-tasks.amazonaws.com"), description: "Ballast worker tasks" });
    const workerTask = new ecs.FargateTaskDefinition(this, "WorkerTask", { cpu: 512, memoryLimitMiB: 1024, taskRole: this.workerTaskRole });
    workerTask.addContainer("worker", {
      image,
      essential: true,
      command: startAfterMigrations(`node ${WORKER_NODE_FLAGS.join(" ")} --import tsx bin/worker.ts`),
      environment: { ...sharedEnvironment, CLOUDFRONT_DISTRIBUTION_ID: this.distribution.distributionId },
      secrets: sharedSecrets,
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: "worker", logGroup: logGroup("Worker") }),
      // SIGTERM: stop receiving, finish the commands and publishes in hand, then exit (Fargate allows up to 120 s).
      stopTimeout: Duration.seconds(120),
    });
    acknowledgeEnvironment(workerTask);
    new ecs.FargateService(this, "WorkerService", {
      cluster,
      taskDefinition: workerTask,
      desiredCount: workerDesiredCount.valueAsNumber,
      securityGroups: [workerSecurityGroup],
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
    });

    // The first admin (and migrations, for a database not yet reached by any task): a one-off task (infra/README.md).
    const migrateRole = new iam.Role(this, "MigrateTaskRole", { assumedBy: new iam.ServicePrincipal("ecs-tasks.amazonaws.com"), description: "Ballast migrate task: database only, no AWS access" });
    const migrateTask = new ecs.FargateTaskDefinition(this, "MigrateTask", { cpu: 512, memoryLimitMiB: 1024, taskRole: migrateRole });
    migrateTask.addContainer("migrate", {
      image,
      essential: true,
      command: ["node", "--import", "tsx", "bin/migrate.ts"],
      environment: { NODE_ENV: "production", LOG_LEVEL: "info", ADMIN_EMAIL: firstAdminEmail.valueAsString, ...databaseEnvironment },
      secrets: { ...databaseSecrets, ADMIN_PASSWORD: ecs.Secret.fromSecretsManager(firstAdminPassword) },
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: "migrate", logGroup: logGroup("Migrate") }),
    });
    acknowledgeEnvironment(migrateTask);

    // ---- IAM: exactly what each process's code does, on exactly its keys and queues ----
    const publishedKey = (key: string) => this.bucket.arnForObjects(`${PUBLISH_PREFIX}/${key}`);
    // S3 answers a GET of a missing key with 403, not 404, unless the caller may list the bucket, and both processes
    // read keys that may not exist yet (a head before its first publish, the notice, the controls before the first
    // pause) and treat only 404 as "not there". So each may list the bucket: key names only; reads stay per prefix.
    const listBucket = () => new iam.PolicyStatement({ actions: ["s3:ListBucket"], resources: [this.bucket.bucketArn] });

    // Workers write, read and delete published objects; read and remove staged uploads they import; keep their
    // controls and heartbeats; list what they published (datasets, takedown) and the heartbeats (`npm run workers`).
    this.workerTaskRole.addToPolicy(new iam.PolicyStatement({ actions: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"], resources: [publishedObjects] }));
    this.workerTaskRole.addToPolicy(new iam.PolicyStatement({ actions: ["s3:GetObject", "s3:DeleteObject"], resources: [this.bucket.arnForObjects(`${STAGING_PREFIX}*`)] }));
    this.workerTaskRole.addToPolicy(new iam.PolicyStatement({ actions: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"], resources: [this.bucket.arnForObjects(`${CONTROL_PREFIX}/*`)] }));
    this.workerTaskRole.addToPolicy(listBucket());
    this.workerTaskRole.addToPolicy(new iam.PolicyStatement({ actions: ["cloudfront:CreateInvalidation"], resources: [this.distribution.distributionArn] }));
    this.workerTaskRole.addToPolicy(
      new iam.PolicyStatement({ actions: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"], resources: [this.queue.queueArn] }),
    );
    // A command that keeps failing is moved to the dead letters by the worker itself, with its error text.
    this.workerTaskRole.addToPolicy(new iam.PolicyStatement({ actions: ["sqs:SendMessage", "sqs:GetQueueAttributes"], resources: [this.deadLetterQueue.queueArn] }));

    // The admin queues commands and shows the queue; its System page lists, retries and discards dead letters.
    this.adminTaskRole.addToPolicy(new iam.PolicyStatement({ actions: ["sqs:SendMessage", "sqs:GetQueueAttributes"], resources: [this.queue.queueArn] }));
    this.adminTaskRole.addToPolicy(
      new iam.PolicyStatement({ actions: ["sqs:GetQueueAttributes", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"], resources: [this.deadLetterQueue.queueArn] }),
    );
    // It reads published objects back (the last published state while the database is down, /cdn previews).
    this.adminTaskRole.addToPolicy(new iam.PolicyStatement({ actions: ["s3:GetObject"], resources: [publishedObjects] }));
    // It writes only: uploaded images, the emergency notice (and the widget that shows it), and staged dataset CSVs.
    this.adminTaskRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ["s3:PutObject"],
        resources: [publishedKey(ADMIN_PUBLISHED_KEYS.media), publishedKey(ADMIN_PUBLISHED_KEYS.notice), publishedKey(ADMIN_PUBLISHED_KEYS.widget), this.bucket.arnForObjects(`${STAGING_PREFIX}*`)],
      }),
    );
    // Pause / resume / cap from the System page, and the workers' heartbeats it shows (stale ones it removes).
    this.adminTaskRole.addToPolicy(new iam.PolicyStatement({ actions: ["s3:GetObject", "s3:PutObject"], resources: [this.bucket.arnForObjects(CONTROLS_OBJECT)] }));
    this.adminTaskRole.addToPolicy(new iam.PolicyStatement({ actions: ["s3:GetObject", "s3:DeleteObject"], resources: [this.bucket.arnForObjects(`${HEARTBEATS_PREFIX}*`)] }));
    this.adminTaskRole.addToPolicy(listBucket());

    // cdk-nag names each wildcard resource: every one acknowledged here is a key prefix of the one bucket, listed above.
    const bucketLogicalId = this.resolve((this.bucket.node.defaultChild as s3.CfnBucket).logicalId) as string;
    const acknowledgeKeyPatterns = (role: iam.Role, patterns: string[]) =>
      Validations.of(role).acknowledge(
        ...patterns.map((pattern) => ({
          id: `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/${pattern}]`,
          reason: "Object keys are made at run time (content hashes, slugs, upload ids); the grant is limited to this prefix of the one bucket.",
        })),
      );
    acknowledgeKeyPatterns(this.workerTaskRole, [`${PUBLISH_PREFIX}/*`, `${STAGING_PREFIX}*`, `${CONTROL_PREFIX}/*`]);
    acknowledgeKeyPatterns(this.adminTaskRole, [
      `${PUBLISH_PREFIX}/*`,
      `${PUBLISH_PREFIX}/${ADMIN_PUBLISHED_KEYS.media}`,
      `${PUBLISH_PREFIX}/${ADMIN_PUBLISHED_KEYS.widget}`,
      `${STAGING_PREFIX}*`,
      `${HEARTBEATS_PREFIX}*`,
    ]);
    for (const taskDefinition of [adminTask, workerTask, migrateTask]) {
      Validations.of(taskDefinition.obtainExecutionRole()).acknowledge({
        id: "AwsSolutions-IAM5[Resource::*]",
        reason: "ecr:GetAuthorizationToken has no resource-level permissions; image pulls themselves are limited to the ballast repository.",
      });
    }

    // ---- Outputs: what the deploy guide refers to ----
    const output = (name: string, value: string, description: string) => new CfnOutput(this, name, { value, description });
    output("PublicBaseUrl", publicBaseUrl, "Where readers and embeds fetch published files (PUBLIC_BASE_URL)");
    output("CdnDomainName", this.distribution.distributionDomainName, "Point your reader domain's CNAME here");
    output("DistributionId", this.distribution.distributionId, "CloudFront distribution (CLOUDFRONT_DISTRIBUTION_ID)");
    output("AdminLoadBalancerDnsName", loadBalancer.loadBalancerDnsName, "Point your admin domain's CNAME here");
    output("AdminUrl", adminUrl, "Where editors sign in and readers' questions are posted (QUESTIONS_ENDPOINT_URL)");
    output("BucketName", this.bucket.bucketName, "Content bucket (published objects under site/)");
    output("QueueUrl", this.queue.queueUrl, "Write queue (QUEUE_URL)");
    output("DeadLetterQueueUrl", this.deadLetterQueue.queueUrl, "Dead letters (QUEUE_DLQ_URL)");
    output("AlarmTopicArn", alarmTopic.topicArn, "Queue alarms are sent here");
    output("FirstAdminPasswordSecretArn", firstAdminPassword.secretArn, "aws secretsmanager get-secret-value --secret-id <this> --query SecretString --output text");
    output("ClusterName", cluster.clusterName, "ECS cluster");
    output("AdminServiceName", adminService.serviceName, "ECS service of the admin");
    const privateSubnets = vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds;
    const networkConfiguration = Fn.join("", [
      "awsvpcConfiguration={subnets=[",
      Fn.join(",", privateSubnets),
      "],securityGroups=[",
      workerSecurityGroup.securityGroupId,
      "],assignPublicIp=DISABLED}",
    ]);
    output(
      "MigrateCommand",
      Fn.join("", [
        "aws ecs run-task --cluster ",
        cluster.clusterName,
        " --launch-type FARGATE --task-definition ",
        migrateTask.taskDefinitionArn,
        ` --network-configuration "`,
        networkConfiguration,
        `"`,
      ]),
      "Run once after the first deploy: applies migrations and creates the first admin (FirstAdminEmail, password in FirstAdminPasswordSecretArn)",
    );
    output(
      "WorkersCliCommand",
      Fn.join("", [
        "aws ecs run-task --cluster ",
        cluster.clusterName,
        " --launch-type FARGATE --task-definition ",
        workerTask.taskDefinitionArn,
        ` --network-configuration "`,
        networkConfiguration,
        `" --overrides '{"containerOverrides":[{"name":"worker","command":["node","--conditions=react-server","--import","tsx","bin/workers.ts","status"]}]}'`,
      ]),
      "npm run workers -- status on AWS (replace status with pause, resume or cap <n>); works with the database down",
    );
  }
}
