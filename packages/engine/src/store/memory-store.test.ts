import { storeConformance } from "@eventual/store-conformance";
import { MemoryStore } from "./memory-store.js";

storeConformance("MemoryStore", async () => new MemoryStore());
