/** Where the dashboard is served, and so where its own links point. */
export const dashboardBase = "/_eventual/ui";

/** The page of one execution. */
export function executionPath(executionId: string): string {
  return `${dashboardBase}/executions/${encodeURIComponent(executionId)}`;
}
