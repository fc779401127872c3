import { LocationProvider, Route, Router, useLocation } from "preact-iso";
import { ConnectionProvider, useConnection } from "./api/connection.js";
import { ServiceProvider, useService } from "./api/service.js";
import { ApiKeyDialog } from "./components/api-key-dialog.js";
import { dashboardBase as base } from "./components/paths.js";
import { ExecutionPage } from "./execution/execution-page.js";
import { ExecutionsPage } from "./executions/executions-page.js";
import { ServicePage } from "./service/service-page.js";

/** The dashboard: the executions, one execution, and the service, over the control API. */
export function App() {
  return (
    <ConnectionProvider>
      <ServiceProvider>
        <LocationProvider scope={base}>
          <Shell />
        </LocationProvider>
      </ServiceProvider>
    </ConnectionProvider>
  );
}

function Shell() {
  const connection = useConnection();
  const service = useService();
  const { path } = useLocation();
  const here = (prefix: string) =>
    path === prefix || (prefix !== `${base}/` && path.startsWith(prefix)) ? "page" : undefined;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href={`${base}/`}>
          Eventual
        </a>
        {service.data && <span class="service-name">{service.data.name}</span>}
        <nav aria-label="Dashboard">
          <a href={`${base}/`} aria-current={here(`${base}/`) ?? here(`${base}/executions`)}>
            Executions
          </a>
          <a href={`${base}/service`} aria-current={here(`${base}/service`)}>
            Service
          </a>
        </nav>
      </header>
      <main id="main">
        <Router>
          <Route path={`${base}/`} component={ExecutionsPage} />
          <Route path={`${base}/executions/:id`} component={ExecutionPage} />
          <Route path={`${base}/service`} component={ServicePage} />
          <Route default component={NoSuchPage} />
        </Router>
      </main>
      {connection.refusal !== undefined && <ApiKeyDialog message={connection.refusal} />}
    </>
  );
}

function NoSuchPage() {
  return (
    <p>
      No such page. <a href={`${base}/`}>Executions</a>
    </p>
  );
}
