// The CDK app: `npx cdk synth` / `npx cdk deploy` in infra/. Every setting is either CDK context (-c key=value, the
// shape of the deployment) or a CloudFormation parameter (--parameters, see BallastStack); nothing is looked up.
import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { z } from "zod";
import { BallastStack } from "../lib/ballast-stack";
import { BallastImageRepositoryStack } from "../lib/image-repository-stack";
import { ZInfraContextSchema } from "../lib/context";

const app = new App();
const contextKeys = Object.keys(ZInfraContextSchema.shape);
const parsed = ZInfraContextSchema.safeParse(Object.fromEntries(contextKeys.map((key) => [key, app.node.tryGetContext(key)])));
if (!parsed.success) {
  // The operator needs the setting and the problem, not a stack trace.
  console.error(`Invalid CDK context (-c key=value or cdk.json "context"):\n${z.prettifyError(parsed.error)}`);
  process.exit(1);
}
const context = parsed.data;

new BallastImageRepositoryStack(app, "BallastImages", { repositoryName: context.imageRepositoryName, description: "Ballast: container image repository" });
new BallastStack(app, "Ballast", { ...context, description: "Ballast: static-publishing CMS (readers on S3 + CloudFront, writes through SQS FIFO, RDS Postgres, ECS Fargate)" });
// AWS Solutions rules run on every synth; a finding stops it unless acknowledged beside the resource with a reason.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
