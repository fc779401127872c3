import type { ServiceDescription } from "@eventual/core";
import type { ComponentChildren } from "preact";
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { useConnection } from "./connection.js";
import type { Loaded } from "./use-load.js";
import { useLoad } from "./use-load.js";

const ServiceContext = createContext<Loaded<ServiceDescription> | undefined>(undefined);

/** Loads what the service declares once, for every page to read. */
export function ServiceProvider({ children }: { children: ComponentChildren }) {
  const { client } = useConnection();
  const service = useLoad(() => client.getService(), []);
  return <ServiceContext.Provider value={service}>{children}</ServiceContext.Provider>;
}

/** What the service declares (`data` is undefined until it has loaded, or if it failed). */
export function useService(): Loaded<ServiceDescription> {
  const service = useContext(ServiceContext);
  if (!service) throw new Error("useService() outside <ServiceProvider>.");
  return service;
}
