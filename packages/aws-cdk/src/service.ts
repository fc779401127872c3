import { dirname, isAbsolute, resolve } from "node:path";
import { linkSecretVariable } from "@eventual/cli";
import { serviceApiKeyVariable, serviceUrlVariable } from "@eventual/client";
import { CfnOutput, Duration, Lazy, RemovalPolicy, Validations } from "aws-cdk-lib";
import type { CfnStage } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpApi, HttpMethod, VpcLink } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpAlbIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import { Platform } from "aws-cdk-lib/aws-ecr-assets";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as elb from "aws-cdk-lib/aws-elasticloadbalancingv2";
import type { IGrantable, IPrincipal } from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import * as rds from "aws-cdk-lib/aws-rds";
import * as secrets from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { apiRoutes } from "./api-routes.js";
import {
  buildContext,
  containerPort,
  contextExcludes,
  dockerfilePath,
  serveCommand,
} from "./container.js";
import { describeEntry } from "./describe-entry.js";
import { serviceDashboard } from "./service-dashboard.js";

/** A PostgreSQL database the team already has, for the service to run on. */
export interface ServiceDatabase {
  /** Reached from the service's tasks: the construct opens its port to them. */
  connections: ec2.IConnectable;
  /** A secret with `host`, `port`, `username`, `password` and `dbname`, as RDS writes them. */
  secret: secrets.ISecret;
  /** The Aurora cluster, whose load the dashboard graphs, if it is one. */
  cluster?: rds.DatabaseCluster;
}

export interface ServiceProps {
  /** The service's module: a file, or `require.resolve` of its package. */
  entry: string;
  /** What the service calls itself; by default the construct's id. */
  name?: string;
  /** Plain settings for the service's code; secrets belong in `addSecret`. */
  environment?: Record<string, string>;
  /** The VPC to run in; by default a new one over two zones, with one NAT gateway. */
  vpc?: ec2.IVpc;
  /** The database to run on; by default a new Aurora PostgreSQL Serverless v2 cluster. */
  database?: ServiceDatabase;
  /** vCPU units of each node (1024 = one vCPU; default 512). */
  cpu?: number;
  /** Memory of each node in MiB (default 1024). */
  memory?: number;
  /** Fewest nodes (default 1). */
  minNodes?: number;
  /** Most nodes, reached when CPU stays above 60 % (default 4). */
  maxNodes?: number;
  /** How long its logs are kept (default one month). */
  logRetention?: logs.RetentionDays;
}

/**
 * One service, deployed into the AWS account of the stack: its code in a container image,
 * `eventual serve` nodes on ECS Fargate scaling with CPU, an Aurora PostgreSQL Serverless v2
 * database only they reach, and an API Gateway HTTP API with each of the service's `api.*`
 * routes (read from its code at synth time) and the control API under `/_eventual`.
 *
 * @example
 * const orders = new Service(stack, "order-service", {
 *   entry: require.resolve("@my-company/order-service"),
 * });
 * new CfnOutput(stack, "OrdersUrl", { value: orders.api });
 */
export class Service extends Construct implements IGrantable {
  /** The service's name, as its nodes report it. */
  readonly serviceName: string;
  /** The base URL of its HTTP API. */
  readonly api: string;
  readonly grantPrincipal: IPrincipal;
  /** The API key of its control API (`/_eventual/*`), in Secrets Manager. */
  readonly apiKey: secrets.ISecret;
  readonly vpc: ec2.IVpc;
  readonly cluster: ecs.Cluster;
  readonly fargateService: ecs.FargateService;
  readonly httpApi: HttpApi;
  readonly logGroup: logs.LogGroup;
  readonly dashboard: cloudwatch.Dashboard;
  readonly #container: ecs.ContainerDefinition;
  /** What `subscribeTo` wired, given to the nodes as `EVENTUAL_LINKS`. */
  readonly #links: {
    subscribers: { service: string; events: string[] }[];
    publishers: { service: string; events: string[] }[];
  } = { subscribers: [], publishers: [] };

  constructor(scope: Construct, id: string, props: ServiceProps) {
    super(scope, id);
    const entry = isAbsolute(props.entry) ? props.entry : resolve(props.entry);
    const declared = describeEntry(entry, dirname(entry));
    this.serviceName = props.name ?? id;
    this.vpc = props.vpc ?? defaultVpc(this);
    this.cluster = new ecs.Cluster(this, "Cluster", {
      vpc: this.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });
    this.logGroup = new logs.LogGroup(this, "Logs", {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.apiKey = new secrets.Secret(this, "ApiKey", {
      description: `The control API key of ${this.serviceName}`,
      generateSecretString: { excludePunctuation: true, passwordLength: 40 },
    });
    Validations.of(this.apiKey).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "Nodes and callers read the API key when they start; docs/aws.md rotates it by a new secret value and a rolling deployment.",
    });

    const context = buildContext(entry);
    const task = new ecs.FargateTaskDefinition(this, "Task", {
      cpu: props.cpu ?? 512,
      memoryLimitMiB: props.memory ?? 1024,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64 },
    });
    this.grantPrincipal = task.taskRole;
    Validations.of(task).acknowledge(
      {
        id: "AwsSolutions-ECS2",
        reason:
          "Only plain settings are environment variables (the service's name, the SSL mode, the team's own); every secret is a Secrets Manager reference.",
      },
      {
        id: "AwsSolutions-IAM5[Resource::*]",
        reason:
          "The execution role's ecr:GetAuthorizationToken, which ECS needs to pull the image, applies to no resource but *.",
      },
    );
    const database = props.database ?? this.#auroraDatabase();
    this.#container = task.addContainer("Service", {
      image: ecs.ContainerImage.fromAsset(context.directory, {
        file: dockerfilePath,
        exclude: contextExcludes,
        platform: Platform.LINUX_AMD64,
      }),
      command: serveCommand(context.entry),
      environment: {
        ...props.environment,
        EVENTUAL_SERVICE_NAME: this.serviceName,
        EVENTUAL_PORT: String(containerPort),
        // Read at synth's end: subscribeTo calls made after this construct still count.
        EVENTUAL_LINKS: Lazy.string({ produce: () => this.#linksJson() }),
        // Encrypted; the RDS certificate authority is not in Node's store, so not verified.
        PGSSLMODE: "no-verify",
      },
      secrets: {
        EVENTUAL_API_KEY: ecs.Secret.fromSecretsManager(this.apiKey),
        PGHOST: ecs.Secret.fromSecretsManager(database.secret, "host"),
        PGPORT: ecs.Secret.fromSecretsManager(database.secret, "port"),
        PGUSER: ecs.Secret.fromSecretsManager(database.secret, "username"),
        PGPASSWORD: ecs.Secret.fromSecretsManager(database.secret, "password"),
        PGDATABASE: ecs.Secret.fromSecretsManager(database.secret, "dbname"),
      },
      portMappings: [{ containerPort }],
      logging: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: "node" }),
      // SIGTERM drains: the node stops claiming, finishes what runs, then exits; the most Fargate allows.
      stopTimeout: Duration.seconds(120),
    });

    this.fargateService = new ecs.FargateService(this, "Nodes", {
      cluster: this.cluster,
      taskDefinition: task,
      desiredCount: props.minNodes ?? 1,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { rollback: true },
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    });
    database.connections.connections.allowDefaultPortFrom(
      this.fargateService,
      "eventual serve nodes",
    );
    const scaling = this.fargateService.autoScaleTaskCount({
      minCapacity: props.minNodes ?? 1,
      maxCapacity: props.maxNodes ?? 4,
    });
    scaling.scaleOnCpuUtilization("Cpu", { targetUtilizationPercent: 60 });

    const listener = this.#loadBalancer();
    this.httpApi = new HttpApi(this, "Api", {
      apiName: this.serviceName,
      description: `The HTTP API of ${this.serviceName}`,
    });
    const integration = new HttpAlbIntegration("Nodes", listener, {
      vpcLink: new VpcLink(this, "VpcLink", { vpc: this.vpc }),
    });
    for (const route of apiRoutes(declared.routes)) {
      this.httpApi.addRoutes({ path: route.path, methods: [route.method], integration });
    }
    this.httpApi.addRoutes({
      path: "/_eventual/{proxy+}",
      methods: [HttpMethod.ANY],
      integration,
    });
    this.#accessLogs();
    Validations.of(this.httpApi).acknowledge({
      id: "AwsSolutions-APIG4",
      reason:
        "The service's own routes are its public API, authorized by its code; the control API under /_eventual requires the API key, and pushes between services their signature.",
    });
    this.api = this.httpApi.apiEndpoint;
    this.dashboard = serviceDashboard(
      this,
      this.serviceName,
      this.logGroup,
      this.fargateService,
      database,
    );
    new CfnOutput(this, "Url", { value: this.api, description: `${this.serviceName}'s API` });
  }

  /**
   * Receives `events` whenever `service` publishes one: the publisher pushes them to this
   * service's HTTP API, signed with a secret of this subscription that only the two services
   * read; the publisher learns this service's URL. Nothing else opens.
   *
   * @example
   * invoices.subscribeTo({ service: orders, events: [orderEvent] });
   */
  subscribeTo({
    service,
    events,
  }: {
    service: Service;
    events: (string | { name: string })[];
  }): void {
    if (service === this)
      throw new Error(`Service ${this.serviceName} cannot subscribe to itself.`);
    const names = events.map((event) => (typeof event === "string" ? event : event.name));
    if (names.length === 0) {
      throw new Error(
        `Service ${this.serviceName} subscribes to ${service.serviceName} with no event named.`,
      );
    }
    const secret = new secrets.Secret(this, `LinkFrom-${service.serviceName}`, {
      description: `Signs the events ${service.serviceName} pushes to ${this.serviceName}`,
      generateSecretString: { excludePunctuation: true, passwordLength: 48 },
    });
    Validations.of(secret).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "Both services read the subscription's secret when their nodes start; it is rotated by a new value and a rolling deployment of both (docs/aws.md).",
    });
    const variable = linkSecretVariable(service.serviceName, this.serviceName);
    service.addSecret(variable, ecs.Secret.fromSecretsManager(secret));
    this.addSecret(variable, ecs.Secret.fromSecretsManager(secret));
    service.addEnvironment(serviceUrlVariable(this.serviceName), this.api);
    service.#links.subscribers.push({ service: this.serviceName, events: names });
    this.#links.publishers.push({ service: service.serviceName, events: names });
  }

  /**
   * Lets `caller` call this service by name, `getServiceClient("<this service>")` in its code:
   * it learns this service's URL, and reads its API key from Secrets Manager.
   *
   * @example
   * orders.grantCall(shipping); // shipping's code: getServiceClient("order-service")
   */
  grantCall(caller: Service): void {
    caller.addEnvironment(serviceUrlVariable(this.serviceName), this.api);
    caller.addSecret(
      serviceApiKeyVariable(this.serviceName),
      ecs.Secret.fromSecretsManager(this.apiKey),
    );
  }

  /** Adds a plain setting to the service's environment. */
  addEnvironment(name: string, value: string): void {
    this.#container.addEnvironment(name, value);
  }

  /** Adds a setting read from Secrets Manager when a node starts. */
  addSecret(name: string, secret: ecs.Secret): void {
    this.#container.addSecret(name, secret);
  }

  #linksJson(): string {
    const { subscribers, publishers } = this.#links;
    return subscribers.length + publishers.length === 0 ? "" : JSON.stringify(this.#links);
  }

  #auroraDatabase(): ServiceDatabase {
    // Named up front so that its log group can be made (with a retention) before it writes there.
    const clusterIdentifier = `eventual-${this.serviceName}-${this.node.addr.slice(0, 8)}`
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, "-");
    const logGroup = new logs.LogGroup(this, "DatabaseLogs", {
      logGroupName: `/aws/rds/cluster/${clusterIdentifier}/postgresql`,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const cluster = new rds.DatabaseCluster(this, "Database", {
      clusterIdentifier,
      engine: rds.DatabaseClusterEngine.auroraPostgres({
        version: rds.AuroraPostgresEngineVersion.VER_16_6,
      }),
      writer: rds.ClusterInstance.serverlessV2("Writer"),
      serverlessV2MinCapacity: 0.5,
      serverlessV2MaxCapacity: 8,
      vpc: this.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      credentials: rds.Credentials.fromGeneratedSecret("eventual"),
      defaultDatabaseName: "eventual",
      storageEncrypted: true,
      iamAuthentication: true,
      deletionProtection: true,
      port: 5433,
      cloudwatchLogsExports: ["postgresql"],
      removalPolicy: RemovalPolicy.SNAPSHOT,
    });
    cluster.node.addDependency(logGroup);
    Validations.of(cluster).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "Nodes read the database password when they start; rotating it under running nodes would cut them off. docs/aws.md rotates it by a new secret and a rolling deployment.",
    });
    return { cluster, connections: cluster, secret: cluster.secret! };
  }

  /** A load balancer inside the VPC that only the HTTP API's VPC link reaches. */
  #loadBalancer(): elb.ApplicationListener {
    const balancer = new elb.ApplicationLoadBalancer(this, "LoadBalancer", {
      vpc: this.vpc,
      internetFacing: false,
      dropInvalidHeaderFields: true,
    });
    const listener = balancer.addListener("Http", {
      port: 80,
      protocol: elb.ApplicationProtocol.HTTP,
      open: false,
    });
    listener.addTargets("Nodes", {
      port: containerPort,
      protocol: elb.ApplicationProtocol.HTTP,
      targets: [this.fargateService],
      healthCheck: { path: "/_eventual/health", healthyHttpCodes: "200" },
      // Long enough for requests in flight to finish while a node drains.
      deregistrationDelay: Duration.seconds(30),
    });
    balancer.connections.allowFrom(
      ec2.Peer.ipv4(this.vpc.vpcCidrBlock),
      ec2.Port.tcp(80),
      "the HTTP API's VPC link",
    );
    Validations.of(balancer).acknowledge(
      {
        id: "AwsSolutions-ELB2",
        reason:
          "The load balancer is internal and reached only through the HTTP API, whose stage logs every request.",
      },
      {
        id: "AwsSolutions-EC23",
        reason:
          "Its one ingress rule is the VPC's own CIDR (a token the rule cannot read), for the HTTP API's VPC link.",
      },
    );
    return listener;
  }

  #accessLogs(): void {
    const group = new logs.LogGroup(this, "ApiAccessLogs", {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stage = this.httpApi.defaultStage!.node.defaultChild as CfnStage;
    stage.accessLogSettings = {
      destinationArn: group.logGroupArn,
      format: JSON.stringify({
        requestId: "$context.requestId",
        ip: "$context.identity.sourceIp",
        method: "$context.httpMethod",
        path: "$context.path",
        status: "$context.status",
        latencyMs: "$context.responseLatency",
      }),
    };
  }
}

function defaultVpc(scope: Construct): ec2.Vpc {
  const vpc = new ec2.Vpc(scope, "Vpc", { maxAzs: 2, natGateways: 1 });
  vpc.addFlowLog("FlowLog");
  return vpc;
}
