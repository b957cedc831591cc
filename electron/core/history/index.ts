// The history layer's public face: the JSONL store of operations and hook runs, and ids.
export { HistoryStore, HistoryError, parseRecordLine, type HistoryStoreOptions } from './historyStore';
export { DEFAULT_PAGE_SIZE, type ListOptions } from './historyIndex';
export { newId, isPlainId } from './ids';
export { lastSuccessOf, type PlanStats, type StatEntry } from './planStats';
