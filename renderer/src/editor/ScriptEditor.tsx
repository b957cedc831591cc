// The script editor: a plain textarea (keyboard, selection, undo and IME as the platform does them)
// over a coloured copy of the same text, with problem lines marked. The box scrolls as a whole.
import { useMemo, useRef } from 'react';
import { highlightTemplate } from './highlight';

export interface LineMark {
  line: number;
  kind: 'error' | 'warning';
}

export function ScriptEditor({ value, onChange, marks, label }: { value: string; onChange: (v: string) => void; marks: LineMark[]; label: string }) {
  const overlay = useRef<HTMLPreElement>(null);
  const tokens = useMemo(() => highlightTemplate(value), [value]);
  const lines = value.split('\n').length;
  const markOf = new Map(marks.map((m) => [m.line, m.kind]));
  return (
    <div className="script-editor">
      <div className="gutter" aria-hidden>
        {Array.from({ length: lines }, (_, i) => (
          <div key={i} className={markOf.get(i + 1) ? `mark-${markOf.get(i + 1)}` : undefined}>
            {i + 1}
          </div>
        ))}
      </div>
      <div className="code">
        <pre ref={overlay} className="code-overlay" aria-hidden>
          {tokens.map((t, i) => (
            <span key={i} className={`tok-${t.kind}`}>
              {t.text}
            </span>
          ))}
          {'\n'}
        </pre>
        <textarea
          aria-label={label}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onScroll={(e) => {
            // The editor box scrolls vertically as a whole (gutter, colours, text); only long lines scroll inside.
            if (overlay.current) overlay.current.scrollLeft = e.currentTarget.scrollLeft;
          }}
          onKeyDown={(e) => {
            // Tab indents inside the script; Escape then Tab leaves it (keyboard users are not trapped).
            if (e.key === 'Tab' && !e.shiftKey && e.currentTarget.dataset.escaped !== '1') {
              e.preventDefault();
              const t = e.currentTarget;
              const { selectionStart: s, selectionEnd: end } = t;
              const next = t.value.slice(0, s) + '  ' + t.value.slice(end);
              onChange(next);
              requestAnimationFrame(() => t.setSelectionRange(s + 2, s + 2));
            }
            e.currentTarget.dataset.escaped = e.key === 'Escape' ? '1' : '0';
          }}
          wrap="off"
          rows={Math.max(6, lines + 1)}
        />
      </div>
    </div>
  );
}
