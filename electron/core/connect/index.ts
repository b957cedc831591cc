// Connect and disconnect found backups (see connect.ts); the public face of the feature.
export { ConnectError, WiringError, connectPlan, disconnectPlan, type ConnectContext } from './connect';
export { PlanConnector, type ConfigAccess } from './planConnector';
export { recordedConnections, withConnection } from './planRecord';
export { unifiedDiff } from './unifiedDiff';
