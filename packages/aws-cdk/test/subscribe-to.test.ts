import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Service } from "../src/index.js";

const require = createRequire(import.meta.url);

interface ContainerDefinition {
  Environment: { Name: string; Value: unknown }[];
  Secrets: { Name: string; ValueFrom: { Ref: string } }[];
}

describe("subscribeTo between two Service constructs", () => {
  const outdir = mkdtempSync(join(tmpdir(), "eventual-cdk-"));
  let template: Template;
  let stack: Stack;
  /** The same two services, unlinked. */
  let unlinked: Template;

  beforeAll(() => {
    // Two apps, so that the two stacks' names, and so their resources' ids, are the same.
    const twoServices = (folder: string) => {
      const shop = new Stack(new App({ outdir: join(outdir, folder) }), "Shop");
      const orders = new Service(shop, "order-service", {
        entry: require.resolve("@my-company/order-service"),
      });
      const invoices = new Service(shop, "invoice-service", {
        entry: require.resolve("@my-company/invoice-service"),
        vpc: orders.vpc,
      });
      return { shop, orders, invoices };
    };
    const linked = twoServices("linked");
    linked.invoices.subscribeTo({ service: linked.orders, events: ["OrderPlaced"] });
    linked.orders.grantCall(linked.invoices);
    const alone = twoServices("unlinked");
    stack = linked.shop;
    template = Template.fromStack(stack);
    unlinked = Template.fromStack(alone.shop);
  }, 120_000);

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  /** The container of a service's task definition. */
  function container(service: string): ContainerDefinition {
    const [definition] = Object.entries(template.findResources("AWS::ECS::TaskDefinition"))
      .filter(([id]) => id.startsWith(service.replaceAll("-", "")))
      .map(([, resource]) => resource.Properties.ContainerDefinitions[0]);
    return definition;
  }
  const env = (of: ContainerDefinition, name: string) =>
    stack.resolve(of.Environment.find((entry) => entry.Name === name)?.Value);

  it("tells each side what flows, and the publisher where the subscriber listens", () => {
    const publisher = container("order-service");
    const subscriber = container("invoice-service");
    expect(JSON.parse(env(publisher, "EVENTUAL_LINKS") as string)).toEqual({
      subscribers: [{ service: "invoice-service", events: ["OrderPlaced"] }],
      publishers: [],
    });
    expect(JSON.parse(env(subscriber, "EVENTUAL_LINKS") as string)).toEqual({
      subscribers: [],
      publishers: [{ service: "order-service", events: ["OrderPlaced"] }],
    });
    expect(JSON.stringify(env(publisher, "EVENTUAL_SERVICE_URL_INVOICE_SERVICE"))).toMatch(
      /invoiceserviceApi/,
    );
  });

  it("lets a service that may call another reach it by name, with its key", () => {
    const caller = container("invoice-service");
    expect(JSON.stringify(env(caller, "EVENTUAL_SERVICE_URL_ORDER_SERVICE"))).toMatch(
      /orderserviceApi/,
    );
    const key = caller.Secrets.find(
      (secret) => secret.Name === "EVENTUAL_SERVICE_API_KEY_ORDER_SERVICE",
    );
    expect(key?.ValueFrom.Ref).toMatch(/^orderserviceApiKey/);
    // Not the other way round.
    expect(env(container("order-service"), "EVENTUAL_SERVICE_URL_INVOICE_SERVICE")).toBeDefined();
    expect(container("order-service").Secrets.map((secret) => secret.Name)).not.toContain(
      "EVENTUAL_SERVICE_API_KEY_INVOICE_SERVICE",
    );
  });

  it("gives the subscription's secret to those two services, and only to them", () => {
    const variable = "EVENTUAL_LINK_SECRET_ORDER_SERVICE_TO_INVOICE_SERVICE";
    const secretOf = (of: ContainerDefinition) =>
      of.Secrets.find((secret) => secret.Name === variable)?.ValueFrom.Ref;
    const secrets = Object.keys(template.findResources("AWS::SecretsManager::Secret")).filter(
      (id) => id.includes("LinkFrom"),
    );
    expect(secrets).toHaveLength(1);
    expect(secretOf(container("order-service"))).toBe(secrets[0]);
    expect(secretOf(container("invoice-service"))).toBe(secrets[0]);
    // Read by exactly the two tasks' execution roles.
    const readers = Object.entries(template.findResources("AWS::IAM::Policy"))
      .filter(([, policy]) =>
        JSON.stringify(policy.Properties.PolicyDocument).includes(secrets[0]!),
      )
      .map(([id]) => id);
    expect(readers.sort()).toEqual([
      expect.stringMatching(/^invoiceserviceTaskExecutionRoleDefaultPolicy/),
      expect.stringMatching(/^orderserviceTaskExecutionRoleDefaultPolicy/),
    ]);
    // And it opens nothing: the push goes to the subscriber's HTTP API, as any caller's does.
    for (const type of ["AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress"]) {
      expect(template.findResources(type)).toEqual(unlinked.findResources(type));
    }
  });
});
