import { storeConformance } from "@eventual/store-conformance";
import { SqliteStore } from "./sqlite-store.js";

storeConformance("SqliteStore", async () => SqliteStore.open(":memory:"));
