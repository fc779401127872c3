import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Service } from "../src/index.js";

const require = createRequire(import.meta.url);

describe("the Service construct", () => {
  const outdir = mkdtempSync(join(tmpdir(), "eventual-cdk-"));
  let template: Template;

  beforeAll(() => {
    const app = new App({ outdir });
    const stack = new Stack(app, "Shop");
    new Service(stack, "order-service", {
      entry: require.resolve("@my-company/order-service"),
      minNodes: 2,
      maxNodes: 6,
      environment: { SHOP_REGION: "eu" },
    });
    template = Template.fromStack(stack);
  }, 120_000);

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it("registers each api route of the service on the HTTP API, and the control API", () => {
    const routes = template.findResources("AWS::ApiGatewayV2::Route");
    const keys = Object.values(routes)
      .map((route) => route.Properties.RouteKey)
      .sort();
    expect(keys).toEqual(["ANY /_eventual/{proxy+}", "GET /orders/{orderId}", "POST /orders"]);
  });

  it("runs eventual serve nodes that scale between the bounds, checked on /_eventual/health", () => {
    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", {
      HealthCheckPath: "/_eventual/health",
      Port: 3111,
    });
    template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", {
      MinCapacity: 2,
      MaxCapacity: 6,
    });
    template.hasResourceProperties("AWS::ECS::TaskDefinition", {
      ContainerDefinitions: [
        Match.objectLike({
          Command: Match.arrayWith(["serve", "examples/shop/order-service/src/index.ts"]),
          StopTimeout: 120,
        }),
      ],
    });
  });

  it("keeps secrets out of plain environment variables", () => {
    const [definition] = Object.values(template.findResources("AWS::ECS::TaskDefinition"));
    const [container] = definition!.Properties.ContainerDefinitions;
    const names = (list: { Name: string }[]) => list.map((entry) => entry.Name).sort();
    expect(names(container.Environment)).toEqual([
      "EVENTUAL_LINKS",
      "EVENTUAL_PORT",
      "EVENTUAL_SERVICE_NAME",
      "PGSSLMODE",
      "SHOP_REGION",
    ]);
    expect(names(container.Secrets)).toEqual([
      "EVENTUAL_API_KEY",
      "PGDATABASE",
      "PGHOST",
      "PGPASSWORD",
      "PGPORT",
      "PGUSER",
    ]);
  });

  it("lets only the service's nodes reach its database", () => {
    const groupOf = (ref: { "Fn::GetAtt": string[] }) => ref["Fn::GetAtt"][0];
    const [databaseGroup] = Object.entries(template.findResources("AWS::EC2::SecurityGroup"))
      .filter(([id]) => id.includes("Database"))
      .map(([id, group]) => {
        // Nothing but the rules below: no address range opens it.
        expect(group.Properties.SecurityGroupIngress).toBeUndefined();
        return id;
      });
    const ingress = Object.values(template.findResources("AWS::EC2::SecurityGroupIngress")).filter(
      (rule) => groupOf(rule.Properties.GroupId) === databaseGroup,
    );
    expect(ingress).toHaveLength(1);
    expect(groupOf(ingress[0]!.Properties.SourceSecurityGroupId)).toMatch(/NodesSecurityGroup/);
    template.hasResourceProperties("AWS::RDS::DBCluster", { Port: 5433 });
    template.hasResourceProperties("AWS::RDS::DBCluster", {
      Engine: "aurora-postgresql",
      StorageEncrypted: true,
      ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 8 },
    });
  });

  it("keeps logs for a set time and draws a dashboard", () => {
    const groups = Object.values(template.findResources("AWS::Logs::LogGroup"));
    expect(groups.length).toBeGreaterThan(0);
    for (const group of groups) expect(group.Properties.RetentionInDays).toBeGreaterThan(0);
    template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
    template.resourceCountIs("AWS::Logs::MetricFilter", 8);
    template.hasResourceProperties("AWS::Logs::MetricFilter", {
      FilterPattern: '{ $.msg = "metrics" }',
      MetricTransformations: [
        Match.objectLike({ MetricName: "stepP99Ms", MetricValue: "$.stepP99Ms" }),
      ],
    });
  });
});
