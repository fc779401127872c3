/**
 * The CDK app: the shop's services in one stack, checked by cdk-nag's AWS Solutions rules as it
 * synthesizes (`npx cdk synth`). Environment-agnostic: it synthesizes with no AWS account.
 */
import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { ShopStack } from "../src/shop-stack.js";

const app = new App();
new ShopStack(app, "Shop");
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
