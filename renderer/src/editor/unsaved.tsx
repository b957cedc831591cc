// Unsaved edits are never dropped silently: an editor with changes registers a guard, and whatever
// would take the user away (another tab, the back control, a gallery draft) asks first — save,
// discard, or keep editing.
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

export interface LeaveGuard {
  /** What has unsaved changes, in the user's words: `the hook "battery"`, `the new hook`. */
  what: string;
  /** Saves; resolves false when it could not (the editor then shows why and stays). */
  save(): Promise<boolean>;
}

interface Unsaved {
  /** Registers (or, with null, clears) the guard of the editor that has changes. */
  setGuard(guard: LeaveGuard | null): void;
  /** Runs `leave` now when nothing is unsaved, else after the user chose save or discard. */
  confirmLeave(leave: () => void): void;
}

const UnsavedContext = createContext<Unsaved>({ setGuard: () => {}, confirmLeave: (leave) => leave() });

export const useUnsaved = (): Unsaved => useContext(UnsavedContext);

/** Registers `guard` while `dirty` is true. */
export function useLeaveGuard(dirty: boolean, guard: LeaveGuard): void {
  const { setGuard } = useUnsaved();
  const current = useRef(guard);
  current.current = guard;
  useEffect(() => {
    if (!dirty) return;
    setGuard({ get what() { return current.current.what; }, save: () => current.current.save() });
    return () => setGuard(null);
  }, [dirty, setGuard]);
}

export function UnsavedProvider({ children }: { children: ReactNode }) {
  const guard = useRef<LeaveGuard | null>(null);
  const [asking, setAsking] = useState<{ leave: () => void; what: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const setGuard = useCallback((g: LeaveGuard | null) => {
    guard.current = g;
  }, []);
  const confirmLeave = useCallback((leave: () => void) => {
    if (!guard.current) leave();
    else setAsking({ leave, what: guard.current.what });
  }, []);

  useEffect(() => {
    // Closing or reloading the page with changes: the browser's own question.
    const onUnload = (e: BeforeUnloadEvent) => {
      if (guard.current) e.preventDefault();
    };
    window.addEventListener('beforeunload', onUnload);
    return () => window.removeEventListener('beforeunload', onUnload);
  }, []);

  const value = useRef<Unsaved>({ setGuard, confirmLeave }).current;

  const finish = (leave: () => void) => {
    guard.current = null;
    setAsking(null);
    leave();
  };

  return (
    <UnsavedContext.Provider value={value}>
      {children}
      {asking ? (
        <div className="modal-backdrop">
          <div
            className="modal"
            role="alertdialog"
            aria-modal="true"
            aria-labelledby="unsaved-title"
            aria-describedby="unsaved-text"
            onKeyDown={(e) => {
              if (e.key === 'Escape') setAsking(null);
            }}
          >
            <h2 id="unsaved-title">Unsaved changes</h2>
            <p id="unsaved-text">You have changed {asking.what}. Save the changes before you leave?</p>
            <div className="row gap">
              <button
                type="button"
                className="primary"
                autoFocus
                disabled={saving}
                onClick={() => {
                  const g = guard.current;
                  if (!g) return finish(asking.leave);
                  setSaving(true);
                  void g.save().then(
                    (ok) => {
                      setSaving(false);
                      if (ok) finish(asking.leave);
                      else setAsking(null);
                    },
                    () => {
                      setSaving(false);
                      setAsking(null);
                    },
                  );
                }}
              >
                {saving ? 'Saving…' : 'Save'}
              </button>
              <button type="button" className="danger" disabled={saving} onClick={() => finish(asking.leave)}>
                Discard
              </button>
              <span className="grow" />
              <button type="button" disabled={saving} onClick={() => setAsking(null)}>
                Keep editing
              </button>
            </div>
          </div>
        </div>
      ) : null}
    </UnsavedContext.Provider>
  );
}
