import { ServiceClient, serviceApiKeyVariable, serviceUrlVariable } from "@eventual/client";
import type { EventualServiceClient } from "@eventual/core";

/**
 * The other services of the app by name, for `getServiceClient(name)`: each at the URL `urls`
 * gives or `EVENTUAL_SERVICE_URL_<NAME>` says, with the key `EVENTUAL_SERVICE_API_KEY_<NAME>`
 * says or else `apiKey` (an app's services sharing one). Undefined for one with no URL.
 */
export function serviceClients(
  self: string | undefined,
  urls: Record<string, string>,
  apiKey?: string,
): (service: string) => EventualServiceClient | undefined {
  const clients = new Map<string, ServiceClient>();
  return (service) => {
    if (service === self) return undefined;
    let client = clients.get(service);
    if (client) return client;
    const url = urls[service] ?? process.env[serviceUrlVariable(service)];
    if (!url) return undefined;
    const key = process.env[serviceApiKeyVariable(service)] ?? apiKey;
    client = new ServiceClient({ url, ...(key ? { apiKey: key } : {}) });
    clients.set(service, client);
    return client;
  };
}
