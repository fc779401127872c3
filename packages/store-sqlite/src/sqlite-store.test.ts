import { storeConformance } from "@eventual/engine/store-conformance";
import { SqliteStore } from "./sqlite-store.js";

storeConformance("SqliteStore", async () => SqliteStore.open(":memory:"));
