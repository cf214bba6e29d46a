// CodeMirror 6 editor for a profile's source, showing the daemon's diagnostics inline.
// The view is created once per mount and destroyed on unmount; new text from outside
// (another profile loaded) replaces the document without recreating the view.
import { useEffect, useRef } from 'react';
import { EditorView, basicSetup } from 'codemirror';
import { Compartment, EditorState } from '@codemirror/state';
import { lintGutter, setDiagnostics, type Diagnostic as CmDiagnostic } from '@codemirror/lint';
import type { Diagnostic } from '@/lib/wire';
import { rhai } from '@/features/config/components/rhaiLanguage';
import { keyNames } from '@/features/config/components/keyNames';
import type { KeyName } from '@/lib/wire';

interface EditorProps {
  value: string;
  onChange: (value: string) => void;
  diagnostics: Diagnostic[];
  label: string;
  /** Key names for completion and hover, once loaded. */
  keys?: KeyName[];
}

/** Server spans are 1-based lines and columns; CodeMirror wants document offsets. */
export function toCmDiagnostics(state: EditorState, diagnostics: Diagnostic[]): CmDiagnostic[] {
  const doc = state.doc;
  const offset = (line: number, column: number) => {
    const l = doc.line(Math.min(Math.max(1, line), doc.lines));
    return Math.min(l.from + Math.max(0, column - 1), l.to);
  };
  return diagnostics.map((d) => {
    const from = d.span ? offset(d.span.line, d.span.column) : 0;
    const to = d.span ? Math.max(from, offset(d.span.end_line, d.span.end_column)) : Math.min(doc.length, doc.line(1).to);
    return {
      from,
      to,
      severity: d.severity === 'note' ? 'info' : d.severity,
      message: d.help ? `${d.message}\nhelp: ${d.help}` : d.message,
    };
  });
}

export function Editor({ value, onChange, diagnostics, label, keys }: EditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const names = useRef(new Compartment());
  const view = useRef<EditorView | null>(null);
  const changeHandler = useRef(onChange);

  useEffect(() => {
    changeHandler.current = onChange;
  }, [onChange]);

  useEffect(() => {
    const parent = host.current;
    if (!parent) return;
    const instance = new EditorView({
      parent,
      state: EditorState.create({
        doc: '',
        extensions: [
          basicSetup,
          // A marker in the gutter for each diagnostic, beside the underline.
          lintGutter(),
          rhai(),
          names.current.of([]),
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) changeHandler.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = instance;
    return () => {
      instance.destroy();
      view.current = null;
    };
  }, [label]);

  useEffect(() => {
    view.current?.dispatch({ effects: names.current.reconfigure(keys ? keyNames(keys) : []) });
  }, [keys, label]);

  useEffect(() => {
    const instance = view.current;
    if (!instance) return;
    const current = instance.state.doc.toString();
    if (current !== value) instance.dispatch({ changes: { from: 0, to: current.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const instance = view.current;
    if (!instance) return;
    // Only when new diagnostics arrive: while typing, CodeMirror moves the old ones along.
    instance.dispatch(setDiagnostics(instance.state, toCmDiagnostics(instance.state, diagnostics)));
  }, [diagnostics]);

  return <div ref={host} className="editor" />;
}
