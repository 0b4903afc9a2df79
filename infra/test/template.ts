// Test helpers: synthesise the stacks offline and read their templates in plain terms (ARNs as readable strings).
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { BallastStack, type TBallastStackProps } from "../lib/ballast-stack";
import { BallastImageRepositoryStack } from "../lib/image-repository-stack";

export type TResource = { Type: string; Properties: Record<string, unknown>; Condition?: string };

export function synthesize(props: TBallastStackProps = {}) {
  const app = new App();
  new BallastImageRepositoryStack(app, "BallastImages");
  const stack = new BallastStack(app, "Ballast", props);
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, TResource>;
  return { app, stack, template, resources, json: template.toJSON() as Record<string, unknown> };
}

export function resourcesOfType(resources: Record<string, TResource>, type: string): [string, TResource][] {
  return Object.entries(resources).filter(([, resource]) => resource.Type === type);
}

export function onlyResource(resources: Record<string, TResource>, type: string, logicalIdPrefix = ""): [string, TResource] {
  const matches = resourcesOfType(resources, type).filter(([id]) => id.startsWith(logicalIdPrefix));
  if (matches.length !== 1) throw new Error(`expected one ${type} starting with "${logicalIdPrefix}", found ${matches.map(([id]) => id).join(", ") || "none"}`);
  return matches[0]!;
}

/** CloudFormation values as readable text: a named resource's ARN as <name> (the content bucket's as <bucket>), its
 * other attributes as <name.Attribute>, a Ref to it as <name.Ref>, pseudo parameters as aws / ACCOUNT / REGION. */
export function render(value: unknown, names: Record<string, string>): string {
  if (typeof value === "string" || typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.map((item) => render(item, names)).join(",");
  const object = value as Record<string, unknown>;
  if ("Fn::GetAtt" in object) {
    const [id, attribute] = object["Fn::GetAtt"] as [string, string];
    const name = names[id] ?? id;
    return attribute === "Arn" ? `<${name}>` : `<${name}.${attribute}>`;
  }
  if ("Ref" in object) {
    const id = object.Ref as string;
    if (id === "AWS::Partition") return "aws";
    if (id === "AWS::AccountId") return "ACCOUNT";
    if (id === "AWS::Region") return "REGION";
    return `<${names[id] ?? id}.Ref>`;
  }
  if ("Fn::Join" in object) {
    const [separator, parts] = object["Fn::Join"] as [string, unknown[]];
    return parts.map((part) => render(part, names)).join(separator);
  }
  return JSON.stringify(object);
}

/** Every (action, resource, condition) a role's policies allow, one line each, sorted. */
export function grantsOf(resources: Record<string, TResource>, roleLogicalId: string, names: Record<string, string>): string[] {
  const lines: string[] = [];
  for (const [, policy] of resourcesOfType(resources, "AWS::IAM::Policy")) {
    const roles = (policy.Properties.Roles as { Ref: string }[]).map((role) => role.Ref);
    if (!roles.includes(roleLogicalId)) continue;
    for (const statement of (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement) {
      if (statement.Effect !== "Allow") throw new Error(`unexpected ${String(statement.Effect)} statement`);
      const actions = ([] as unknown[]).concat(statement.Action);
      const targets = ([] as unknown[]).concat(statement.Resource);
      const condition = statement.Condition ? ` if ${render(statement.Condition, names)}` : "";
      for (const action of actions) for (const target of targets) lines.push(`${String(action)} ${render(target, names)}${condition}`);
    }
  }
  return lines.sort();
}
