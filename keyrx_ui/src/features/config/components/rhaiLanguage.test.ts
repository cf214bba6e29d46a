import { describe, expect, it } from 'vitest';
import { StringStream } from '@codemirror/language';
import { rhaiParser } from '@/features/config/components/rhaiLanguage';

/** Each non-space token of the lines with its style, carrying state across lines. */
function tokens(...lines: string[]): [string, string | null][] {
  const state = rhaiParser.startState!(2);
  const out: [string, string | null][] = [];
  for (const line of lines) {
    const stream = new StringStream(line, 2, 2);
    while (!stream.eol()) {
      const style = rhaiParser.token(stream, state);
      const text = stream.current().trim();
      if (text) out.push([text, style]);
      stream.start = stream.pos;
    }
  }
  return out;
}

describe('config script highlighting', () => {
  it('tells calls, strings, keywords, numbers and option keys apart', () => {
    expect(tokens('let term = 200; map("capslock", tap_hold("esc", "lctrl", #{ flavor: "balanced" }));')).toEqual([
      ['let', 'keyword'],
      ['term', 'variableName'],
      ['=', 'operator'],
      ['200', 'number'],
      [';', 'operator'],
      ['map', 'variableName.function'],
      ['(', 'brace'],
      ['"capslock"', 'string'],
      [',', 'operator'],
      ['tap_hold', 'variableName.function'],
      ['(', 'brace'],
      ['"esc"', 'string'],
      [',', 'operator'],
      ['"lctrl"', 'string'],
      [',', 'operator'],
      ['#{', 'brace'],
      ['flavor', 'propertyName'],
      [':', 'operator'],
      ['"balanced"', 'string'],
      ['}', 'brace'],
      [')', 'brace'],
      [')', 'brace'],
      [';', 'operator'],
    ]);
  });

  it('keeps escaped quotes inside strings and comments across lines', () => {
    expect(tokens('text("say \\"hi\\"") // done')).toEqual([
      ['text', 'variableName.function'],
      ['(', 'brace'],
      ['"say \\"hi\\""', 'string'],
      [')', 'brace'],
      ['// done', 'comment'],
    ]);
    expect(tokens('/* a', 'b */ true')).toEqual([
      ['/* a', 'comment'],
      ['b */', 'comment'],
      ['true', 'bool'],
    ]);
  });
});
