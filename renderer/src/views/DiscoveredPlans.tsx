// The backups Hookgate found on this machine, each with Connect (filled in with "Find and connect").
export function DiscoveredPlans() {
  return null;
}
