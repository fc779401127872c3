import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import type * as ecs from "aws-cdk-lib/aws-ecs";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as rds from "aws-cdk-lib/aws-rds";
import type { Construct } from "constructs";

/** The counters of `eventual serve`'s `metrics` log line, as the dashboard graphs them. */
const counters = ["started", "succeeded", "failed", "cancelled", "steps", "activities"] as const;
/** Its step latency percentiles: per node, so the graph shows the slowest node's. */
const latencies = ["stepP50Ms", "stepP99Ms"] as const;

/**
 * A CloudWatch dashboard of one service: executions started, succeeded and failed, steps
 * committed and their latency (metric filters on the nodes' `metrics` log lines), the nodes
 * running and their CPU, and the database's load.
 */
export function serviceDashboard(
  scope: Construct,
  serviceName: string,
  logGroup: logs.ILogGroup,
  nodes: ecs.FargateService,
  database: { cluster?: rds.DatabaseCluster },
): cloudwatch.Dashboard {
  const namespace = `Eventual/${serviceName}`;
  const metric = (name: (typeof counters)[number] | (typeof latencies)[number]) => {
    new logs.MetricFilter(scope, `Metric-${name}`, {
      logGroup,
      filterPattern: logs.FilterPattern.stringValue("$.msg", "=", "metrics"),
      metricNamespace: namespace,
      metricName: name,
      metricValue: `$.${name}`,
      defaultValue: 0,
    });
    return new cloudwatch.Metric({
      namespace,
      metricName: name,
      statistic: (latencies as readonly string[]).includes(name) ? "Maximum" : "Sum",
      period: Duration.minutes(1),
      label: name,
    });
  };
  const [started, succeeded, failed, cancelled, steps, activities] = counters.map(metric);
  const [stepP50, stepP99] = latencies.map(metric);
  const dashboard = new cloudwatch.Dashboard(scope, "Dashboard", {
    dashboardName: `eventual-${serviceName}`,
  });
  dashboard.addWidgets(
    new cloudwatch.GraphWidget({
      title: "Executions",
      left: [started!, succeeded!, failed!, cancelled!],
      width: 12,
    }),
    new cloudwatch.GraphWidget({
      title: "Steps and activities",
      left: [steps!, activities!],
      right: [stepP50!, stepP99!],
      rightYAxis: { label: "step latency (ms)", showUnits: false },
      width: 12,
    }),
  );
  dashboard.addWidgets(
    new cloudwatch.GraphWidget({
      title: "Nodes",
      left: [
        new cloudwatch.Metric({
          namespace: "ECS/ContainerInsights",
          metricName: "RunningTaskCount",
          dimensionsMap: {
            ClusterName: nodes.cluster.clusterName,
            ServiceName: nodes.serviceName,
          },
          statistic: "Average",
          label: "running",
        }),
      ],
      right: [nodes.metricCpuUtilization({ label: "CPU %" })],
      width: 12,
    }),
    new cloudwatch.GraphWidget({
      title: "Database",
      left: database.cluster
        ? [
            database.cluster.metricCPUUtilization({ label: "CPU %" }),
            database.cluster.metric("ServerlessDatabaseCapacity", { label: "ACUs" }),
          ]
        : [],
      right: database.cluster
        ? [database.cluster.metric("DBLoad", { label: "load (sessions)" })]
        : [],
      width: 12,
    }),
  );
  return dashboard;
}
