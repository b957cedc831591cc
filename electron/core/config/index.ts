// The config layer's public face: the config file store, the cross-process lock, hook CRUD and
// the Backrest import.
export { ConfigError } from './configError';
export { ConfigStore, readConfigFile } from './configStore';
export { parseConfigText, validateConfig, serializeConfig, MAX_CONFIG_FILE_BYTES, type ParsedConfigFile } from './configFile';
export { withFileLock, LockError, LockTimeoutError, type FileLockOptions } from './fileLock';
export { writeFileAtomic } from './atomicWrite';
export {
  findHook,
  findHookIndex,
  addHook,
  editHook,
  removeHook,
  setHookEnabled,
  moveHook,
  hookNamed,
  freeHookName,
  newHookId,
  slugify,
  HookLookupError,
  type NewHookInput,
} from './hooks';
export { importBackrest, type BackrestImportResult } from './backrestImport';
export { describeIssue, fieldPath } from './describeIssues';
