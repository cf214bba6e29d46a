// One key of the keymap picture. The cap is an image to assistive technology, named by the
// key and the full sentence of what it does; the short labels are for sighted users.
import type { Cap } from '@/lib/keyboard/keymapCaps';
import '@/lib/keyboard/keycap.css';

export function KeyCap({ cap, lit }: { cap: Cap; lit?: 'held' | 'stuck' }) {
  const classes = ['cap', `cap-${cap.state}`, cap.kind ? `kind-${cap.kind}` : '', lit ?? ''].filter(Boolean).join(' ');
  return (
    <span role="img" aria-label={`${cap.key}: ${cap.detail}${lit ? ` (${lit})` : ''}`} title={cap.detail} className={classes}>
      <span className={cap.label.length > 3 ? 'cap-label long' : 'cap-label'}>{cap.label}</span>
      {cap.hold && <span className="cap-second">{cap.hold}</span>}
      {cap.base && <span className="cap-second">{cap.base}</span>}
    </span>
  );
}
