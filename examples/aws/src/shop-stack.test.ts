import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import type { IConstruct } from "constructs";
import { afterAll, describe, expect, it } from "vitest";
import { ShopStack } from "./shop-stack.js";

const example = fileURLToPath(new URL("..", import.meta.url));
const outdirs: string[] = [];
const outdir = () => {
  const dir = mkdtempSync(join(tmpdir(), "eventual-aws-example-"));
  outdirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

describe("the shop on AWS", () => {
  it("passes cdk-nag's AWS Solutions rules, each rule it acknowledges with a reason", () => {
    const app = new App({ outdir: outdir() });
    const stack = new ShopStack(app, "Shop");
    const report = new AwsSolutionsChecks(app).validateScope(stack);
    const unacknowledged = report.violations.map(
      (violation) =>
        `${violation.ruleName}: ${violation.violatingResources.map((r) => r.constructPath).join(", ")}`,
    );
    expect(unacknowledged).toEqual([]);
    expect(report.success).toBe(true);
    const acknowledged = acknowledgments(stack);
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { id, reason } of acknowledged) expect(reason.length, id).toBeGreaterThan(30);
  }, 120_000);

  it("synthesizes with cdk synth, offline and without AWS credentials", () => {
    const out = outdir();
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")),
    );
    const synth = spawnSync("npx", ["cdk", "synth", "--quiet", "--no-notices", "--output", out], {
      cwd: example,
      env: { ...env, CDK_DISABLE_VERSION_CHECK: "1", CDK_DISABLE_CLI_TELEMETRY: "true" },
      encoding: "utf8",
      timeout: 240_000,
    });
    expect(synth.status, synth.stderr).toBe(0);
    const template = JSON.parse(readFileSync(join(out, "Shop.template.json"), "utf8"));
    const services = Object.keys(template.Resources).filter((id) =>
      /^(order|invoice|shipping)serviceNodesService[0-9A-F]+$/.test(id),
    );
    expect(services).toHaveLength(3);
    // One image for the three: they share the project, and their commands differ.
    const assets = JSON.parse(readFileSync(join(out, "Shop.assets.json"), "utf8"));
    expect(Object.keys(assets.dockerImages)).toHaveLength(1);
    expect(existsSync(join(out, "validation-report.json"))).toBe(true);
  }, 300_000);
});

/** Every rule acknowledged in the tree, with its reason. */
function acknowledgments(root: IConstruct): { id: string; reason: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          id,
          reason,
        })),
      ),
  );
}
