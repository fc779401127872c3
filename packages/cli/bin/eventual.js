#!/usr/bin/env node
// Services and Eventual's own packages are TypeScript run without a build step: load them via tsx.
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
