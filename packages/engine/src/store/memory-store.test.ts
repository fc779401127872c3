import { MemoryStore } from "./memory-store.js";
import { storeConformance } from "./store.case.test.js";

storeConformance("MemoryStore", async () => new MemoryStore());
