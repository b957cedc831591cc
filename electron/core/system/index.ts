// System facts: battery, AC power, network, metered, Wi-Fi and hostname, per platform, for
// templates (.System), HOOKGATE_* variables, waiting gates and guard hooks.
export { SystemFactsProvider, type FactsChangeListener, type SystemFactsProviderOptions } from './factsProvider';
export { factsToEnv } from './factsEnv';
export { parseSimulate, applySimulation, SimulateError } from './simulate';
export { relevantChange, changedFacts, RELEVANT_FACTS } from './factsChange';
export { FACT_KEYS, type FactKey, type FactsPatch, type FactSource, type SourceContext } from './factSource';
export { CommandError, execFileRunner, COMMAND_TIMEOUT_MS, type CommandRunner, type RunOptions } from './commandRunner';
export { platformSources } from './platformSources';

// Parsers, exported for tests and for anyone checking a recorded output.
export { parsePowerSupplies, readPowerSupplies, type PowerSupplyEntry } from './linuxPowerSupply';
export { parseProcNetRoute, parseProcNetIpv6Route, readDefaultRoutes, type DefaultRoute } from './procNetRoute';
export { splitTerse, parseNmcliGeneral, parseNmcliDevices, parseNmcliMetered, parseNmcliWifiSsid, primaryDevice } from './nmcli';
export { parsePmsetBatt } from './macPmset';
export {
  parseRouteGetDefault,
  parseIpconfigPacket,
  isIphoneHotspotAddress,
  parseHardwarePorts,
  parseAirportNetwork,
  parseIpconfigSummarySsid,
} from './macNetwork';
export { parseWin32Battery, parseNetworkCostType, parseConnectivityLevel, parseWindowsProbe, WINDOWS_PROBE_SCRIPT } from './windowsProbe';
export { parseNetshWlanInterfaces } from './netshWlan';
