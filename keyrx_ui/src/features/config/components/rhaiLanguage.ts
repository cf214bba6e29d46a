// Syntax highlighting for config scripts (Rhai). A small stream tokenizer is enough: the
// daemon's validator does the real parsing and reports errors, so highlighting only has to
// make structure visible. Colours come from CSS variables, so they follow light and dark.
import { HighlightStyle, StreamLanguage, syntaxHighlighting, type StreamParser } from '@codemirror/language';
import { tags } from '@lezer/highlight';
import type { Extension } from '@codemirror/state';

const KEYWORDS = new Set([
  'let', 'const', 'fn', 'if', 'else', 'switch', 'while', 'loop', 'do', 'until', 'for', 'in',
  'break', 'continue', 'return', 'throw', 'try', 'catch', 'import', 'export', 'as', 'private',
  'global', 'this',
]);
const ATOMS = new Set(['true', 'false']);

interface RhaiState {
  /** Inside a block comment, which may span lines. */
  blockComment: boolean;
}

function blockComment(stream: Parameters<StreamParser<RhaiState>['token']>[0], state: RhaiState): string {
  state.blockComment = !stream.skipTo('*/');
  if (state.blockComment) stream.skipToEnd();
  else stream.pos += 2;
  return 'comment';
}

function quoted(stream: Parameters<StreamParser<RhaiState>['token']>[0], quote: string): string {
  let escaped = false;
  for (let next = stream.next(); next !== undefined; next = stream.next()) {
    if (next === quote && !escaped) break;
    escaped = !escaped && next === '\\';
  }
  return 'string';
}

export const rhaiParser: StreamParser<RhaiState> = {
  name: 'rhai',
  startState: () => ({ blockComment: false }),
  token(stream, state) {
    if (state.blockComment) return blockComment(stream, state);
    if (stream.eatSpace()) return null;
    if (stream.match('//')) {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.match('/*')) return blockComment(stream, state);
    const first = stream.next();
    if (first === undefined) return null;
    if (first === '"' || first === '`' || first === "'") return quoted(stream, first);
    if (/\d/.test(first)) {
      stream.match(/^[\d_]*(\.\d[\d_]*)?([eE][+-]?\d+)?/);
      return 'number';
    }
    if (/[A-Za-z_]/.test(first)) {
      stream.eatWhile(/[\w]/);
      const word = stream.current();
      if (KEYWORDS.has(word)) return 'keyword';
      if (ATOMS.has(word)) return 'bool';
      if (stream.match(/^\s*\(/, false)) return 'variableName.function';
      if (stream.match(/^\s*:(?!:)/, false)) return 'propertyName';
      return 'variableName';
    }
    if (first === '#' && stream.eat('{')) return 'brace';
    if (/[{}()[\]]/.test(first)) return 'brace';
    if (/[+\-*/%=<>!&|^?.:,;]/.test(first)) return 'operator';
    return null;
  },
  languageData: {
    commentTokens: { line: '//', block: { open: '/*', close: '*/' } },
    closeBrackets: { brackets: ['(', '[', '{', '"', '`'] },
  },
};

const highlightStyle = HighlightStyle.define([
  { tag: tags.keyword, color: 'var(--syntax-keyword)' },
  { tag: [tags.string], color: 'var(--syntax-string)' },
  { tag: [tags.number, tags.bool], color: 'var(--syntax-number)' },
  { tag: tags.comment, color: 'var(--syntax-comment)', fontStyle: 'italic' },
  { tag: tags.function(tags.variableName), color: 'var(--syntax-function)' },
  { tag: tags.propertyName, color: 'var(--syntax-property)' },
]);

// Defined once: every editor shares one language, rather than each mount adding its own
// node types and token tables to CodeMirror's caches.
const rhaiExtension: Extension = [StreamLanguage.define(rhaiParser), syntaxHighlighting(highlightStyle)];

/** The language and its highlighting, for the editor's extensions. */
export function rhai(): Extension {
  return rhaiExtension;
}
