export type { DashboardFile, DashboardFiles } from "./dashboard-files.js";
export { dashboardFiles } from "./dashboard-files.js";
