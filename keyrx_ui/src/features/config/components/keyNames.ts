// Key names inside the editor's strings: completion from the daemon's key table and a hover
// that says which key a name is. Only string contents are looked at, and a name is the part
// of the string under the cursor between `+` signs ("shift+9" → "9").
import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { EditorState, type Extension } from '@codemirror/state';
import { hoverTooltip } from '@codemirror/view';
import type { KeyName } from '@/lib/wire';

/** The part of a string literal around `pos` on its line, or null outside strings. */
export function nameAt(line: string, column: number): { from: number; to: number; name: string } | null {
  for (const match of line.matchAll(/"([^"\\]*)"/g)) {
    const start = (match.index ?? 0) + 1;
    const end = start + (match[1]?.length ?? 0);
    if (column < start || column > end) continue;
    const text = match[1] ?? '';
    const offset = column - start;
    const from = text.lastIndexOf('+', offset - 1) + 1;
    const next = text.indexOf('+', offset);
    const to = next < 0 ? text.length : next;
    return { from: start + from, to: start + to, name: text.slice(from, to) };
  }
  return null;
}

export function keyNames(keys: KeyName[]): Extension {
  const byName = new Map(keys.map((k) => [k.name, k]));
  const options = keys.map((k) => ({
    label: k.name,
    type: 'constant',
    detail: k.name === k.canonical ? `code ${k.code}` : `= ${k.canonical}`,
  }));

  const complete = (context: CompletionContext): CompletionResult | null => {
    const line = context.state.doc.lineAt(context.pos);
    const at = nameAt(line.text, context.pos - line.from);
    if (!at || (at.name === '' && !context.explicit)) return null;
    return { from: line.from + at.from, to: line.from + at.to, options, validFor: /^[\w]*$/ };
  };

  const hover = hoverTooltip((view, pos) => {
    const line = view.state.doc.lineAt(pos);
    const at = nameAt(line.text, pos - line.from);
    const key = at && byName.get(at.name.toLowerCase());
    if (!at || !key) return null;
    return {
      pos: line.from + at.from,
      end: line.from + at.to,
      above: true,
      create: () => {
        const dom = document.createElement('div');
        dom.className = 'key-hover';
        dom.textContent =
          key.name === key.canonical ? `${key.name}: the key KEY_${key.name.toUpperCase()} (code ${key.code})` : `${key.name}: another name for ${key.canonical} (code ${key.code})`;
        return { dom };
      },
    };
  });

  return [EditorState.languageData.of(() => [{ autocomplete: complete }]), hover];
}
