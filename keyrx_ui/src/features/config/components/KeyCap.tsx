// One key of the keymap picture. The cap is an image to assistive technology, named by the
// key and the full sentence of what it does; the short labels are for sighted users.
import type { Cap } from '@/features/config/components/keymapCaps';

export function KeyCap({ cap }: { cap: Cap }) {
  const classes = ['cap', `cap-${cap.state}`, cap.kind ? `kind-${cap.kind}` : ''].filter(Boolean).join(' ');
  return (
    <span role="img" aria-label={`${cap.key}: ${cap.detail}`} title={cap.detail} className={classes}>
      <span className={cap.label.length > 3 ? 'cap-label long' : 'cap-label'}>{cap.label}</span>
      {cap.hold && <span className="cap-second">{cap.hold}</span>}
      {cap.base && <span className="cap-second">{cap.base}</span>}
    </span>
  );
}
