// An on-screen keyboard that only lays keys out: what each key shows and does comes from
// `renderKey`, so the same drawing serves the simulator's buttons and the keymap picture.
// It scales with the width it gets and, below a legible size, scrolls inside its own box.
import type { CSSProperties, ReactNode } from 'react';
import { FULL_SIZE_LAYOUT, type PlacedKey, type PlacedLayout } from '@/lib/keyboard/layout';
import '@/lib/keyboard/keyboard.css';

interface KeyboardProps {
  /** Accessible name of the group of keys. */
  label: string;
  renderKey: (key: PlacedKey) => ReactNode;
  layout?: PlacedLayout;
  /**
   * Whether the rendered keys take focus. If they do not, the frame itself does, so a
   * keyboard user can still scroll it when it is wider than the page.
   */
  focusableKeys?: boolean;
}

const units = (values: Record<string, number>) => values as CSSProperties;

export function Keyboard({ label, renderKey, layout = FULL_SIZE_LAYOUT, focusableKeys = false }: KeyboardProps) {
  return (
    <div className="keyboard-frame" tabIndex={focusableKeys ? undefined : 0}>
      <div role="group" aria-label={label} className="keyboard" style={units({ '--cols': layout.width, '--rows': layout.height })}>
        {layout.keys.map((slot) => (
          <div key={slot.key} className="keyboard-slot" style={units({ '--x': slot.x, '--y': slot.y, '--w': slot.width, '--h': slot.height })}>
            {renderKey(slot)}
          </div>
        ))}
      </div>
    </div>
  );
}
