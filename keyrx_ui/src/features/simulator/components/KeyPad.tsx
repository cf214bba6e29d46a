// On-screen keys: each press appends d:key, the next one u:key, so sequences can be built
// without remembering the notation. Time steps insert waits between them.
import { appendToken, heldAtEnd } from '@/features/simulator/api/simulate';

const KEYS = ['esc', 'capslock', 'tab', 'leftshift', 'leftctrl', 'leftalt', 'space', 'a', 's', 'd', 'f', 'j', 'k', 'l', 'semicolon', 'h', 'enter'];
const WAITS = [10, 50, 100, 200, 300, 500];

export function KeyPad({ input, onChange }: { input: string; onChange: (input: string) => void }) {
  const held = heldAtEnd(input);
  return (
    <div className="keypad">
      <div role="group" aria-label="Keys (press, then press again to release)" className="row wrap">
        {KEYS.map((key) => (
          <button
            key={key}
            type="button"
            className="kbd-button"
            aria-pressed={held.has(key)}
            onClick={() => onChange(appendToken(input, `${held.has(key) ? 'u' : 'd'}:${key}`))}
          >
            {key}
          </button>
        ))}
      </div>
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
