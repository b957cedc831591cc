// The terminal, loaded when one is first shown: xterm is the window's largest part and most opens
// of the window never show a terminal.
import { lazy, Suspense, type ComponentProps } from 'react';

const TerminalView = lazy(() => import('./TerminalView').then((m) => ({ default: m.TerminalView })));

export type { TerminalSource } from './TerminalView';

export function LazyTerminal(props: ComponentProps<typeof TerminalView>) {
  return (
    <Suspense fallback={<div className="terminal" role="log" aria-label={props.label} aria-busy="true" />}>
      <TerminalView {...props} />
    </Suspense>
  );
}
