// The container registry for Ballast's image, in a stack of its own: it must exist (and hold an image) before the
// services that run that image are created.
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import * as ecr from "aws-cdk-lib/aws-ecr";
import type { Construct } from "constructs";

export const DEFAULT_IMAGE_REPOSITORY_NAME = "ballast";

export class BallastImageRepositoryStack extends Stack {
  readonly repository: ecr.Repository;

  constructor(scope: Construct, id: string, props: StackProps & { repositoryName?: string } = {}) {
    super(scope, id, props);
    this.repository = new ecr.Repository(this, "Repository", {
      repositoryName: props.repositoryName ?? DEFAULT_IMAGE_REPOSITORY_NAME,
      // A release tag always names the same image, so rolling back to it brings back exactly that build.
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      imageScanOnPush: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { description: "Untagged images from interrupted or replaced pushes", tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.days(7), rulePriority: 1 },
        { description: "Keep the last 30 releases to roll back to", tagStatus: ecr.TagStatus.ANY, maxImageCount: 30, rulePriority: 2 },
      ],
    });
    new CfnOutput(this, "RepositoryUri", { value: this.repository.repositoryUri, description: "docker tag / docker push target for release images" });
  }
}
