export type { MockedCall } from "./mock-activity.js";
export { MockActivity } from "./mock-activity.js";
export type { TestEnvironmentOptions } from "./test-environment.js";
export { TestEnvironment } from "./test-environment.js";
export type { EventPayload } from "./test-subscriptions.js";
