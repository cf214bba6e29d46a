// The parts of a keymap the keyboard drawing cannot show: mapped keys it has no place for,
// combos (several keys pressed together) and sequences typed after a leader key.
import type { ComboView, KeyView } from '@/lib/wire';

function Does({ view }: { view: Pick<KeyView, 'kind' | 'label' | 'hold'> }) {
  return (
    <span className={`cap-inline kind-${view.kind}`}>
      {view.label}
      {view.hold && <> / hold {view.hold}</>}
    </span>
  );
}

export function OffLayoutKeys({ keys }: { keys: KeyView[] }) {
  if (keys.length === 0) return null;
  return (
    <section aria-label="Mapped keys not on the drawing" className="keymap-extra">
      <h4>Other mapped keys</h4>
      <ul className="plain">
        {keys.map((view) => (
          <li key={view.key}>
            <kbd className="kbd">{view.key}</kbd> → <Does view={view} /> <span className="muted">{view.detail}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function CombosTable({ combos }: { combos: ComboView[] }) {
  if (combos.length === 0) return null;
  return (
    <section aria-label="Combos" className="keymap-extra">
      <h4>Combos</h4>
      <table>
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Does</th>
            <th scope="col">Detail</th>
            <th scope="col">Layers</th>
          </tr>
        </thead>
        <tbody>
          {combos.map((combo, index) => (
            <tr key={index}>
              <td>{combo.keys.join(' + ')}</td>
              <td>
                <Does view={combo} />
              </td>
              <td>{combo.detail}</td>
              <td>{combo.layers.length > 0 ? combo.layers.join(', ') : 'every layer'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Sequences typed after a leader key, one sentence each ("leader g i t → types …"). */
export function SequencesList({ sequences }: { sequences: string[] }) {
  if (sequences.length === 0) return null;
  return (
    <section aria-label="Leader sequences" className="keymap-extra">
      <h4>Leader sequences</h4>
      <ul className="plain">
        {sequences.map((sentence, index) => (
          <li key={index}>{sentence}</li>
        ))}
      </ul>
    </section>
  );
}
