// On-screen keys: each press appends d:key, the next one u:key, so sequences can be built
// without remembering the notation. Time steps insert waits between them.
import { Fragment, type CSSProperties } from 'react';
import { Keyboard } from '@/lib/keyboard/Keyboard';
import { nameParts } from '@/lib/keyboard/labels';
import { appendToken, heldAtEnd } from '@/features/simulator/api/simulate';

const WAITS = [10, 50, 100, 200, 300, 500];

/** The key's name, free to wrap between its parts, sized so the longest part fits the cap. */
function KeyName({ name }: { name: string }) {
  const parts = nameParts(name);
  return parts.map((part, index) => (
    <Fragment key={index}>
      {index > 0 && <wbr />}
      {part}
    </Fragment>
  ));
}

const fitting = (name: string) => ({ '--chars': Math.max(...nameParts(name).map((part) => part.length)) }) as CSSProperties;

export function KeyPad({ input, onChange }: { input: string; onChange: (input: string) => void }) {
  const held = heldAtEnd(input);
  return (
    <div className="keypad">
      <Keyboard
        label="Keys (press, then press again to release)"
        focusableKeys
        renderKey={({ key }) => (
          // Labelled with the key's name as the notation spells it, which is what goes into the input.
          <button
            type="button"
            className="kbd-button"
            style={fitting(key)}
            title={key}
            aria-pressed={held.has(key)}
            onClick={() => onChange(appendToken(input, `${held.has(key) ? 'u' : 'd'}:${key}`))}
          >
            <KeyName name={key} />
          </button>
        )}
      />
      <div role="group" aria-label="Wait" className="row wrap">
        {WAITS.map((ms) => (
          <button key={ms} type="button" onClick={() => onChange(appendToken(input, `t:${ms}`))}>
            +{ms} ms
          </button>
        ))}
      </div>
    </div>
  );
}
