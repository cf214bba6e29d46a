// A keyboard picture of the compiled config: per device block and layer, what each key
// does. It draws the latest text that compiled; while newer text has errors it keeps the
// old picture and says so.
import { useId, useMemo, useState } from 'react';
import { Keyboard } from '@/lib/keyboard/Keyboard';
import { FULL_SIZE_LAYOUT, layoutKeys } from '@/lib/keyboard/layout';
import type { ActionKind, BlockView, KeymapView } from '@/lib/wire';
import { KeyCap } from '@/lib/keyboard/KeyCap';
import { CombosTable, OffLayoutKeys, SequencesList } from '@/features/config/components/KeymapLists';
import { KIND_NAMES, TRANSPARENT_MARK, capFor, indexLayers, offLayoutKeys } from '@/lib/keyboard/keymapCaps';
import { LayerTabs, panelId, tabId } from '@/features/config/components/LayerTabs';
import '@/features/config/components/KeymapPicture.css';

const DRAWN = layoutKeys(FULL_SIZE_LAYOUT);

function describeBlock(block: BlockView): string {
  return `${block.name} (${block.matchers.length > 0 ? block.matchers.join(', ') : 'every device'})`;
}

function Legend({ kinds, base }: { kinds: ActionKind[]; base: boolean }) {
  return (
    <ul className="keymap-legend" aria-label="Legend">
      {kinds.map((kind) => (
        <li key={kind}>
          <span className={`swatch kind-${kind}`} aria-hidden="true" /> {KIND_NAMES[kind]}
        </li>
      ))}
      <li>
        {base ? (
          <>
            <span className="swatch cap-self" aria-hidden="true" /> not mapped: types itself
          </>
        ) : (
          <>
            <span aria-hidden="true">{TRANSPARENT_MARK}</span> not mapped: falls through (below it, what the base layer does)
          </>
        )}
      </li>
    </ul>
  );
}

function BlockPicture({ block }: { block: BlockView }) {
  const [selected, setSelected] = useState(0);
  const idBase = useId();
  const index = useMemo(() => indexLayers(block.layers), [block.layers]);
  // A new validation may have removed layers; stay in range.
  const layerIndex = Math.min(selected, block.layers.length - 1);
  const layer = block.layers[layerIndex];
  const kinds = useMemo(() => [...new Set(layer?.keys.map((view) => view.kind))], [layer]);

  return (
    <>
      {layer ? (
        <>
          <LayerTabs layers={block.layers.map((l) => l.name)} selected={layerIndex} onSelect={setSelected} idBase={idBase} />
          <div role="tabpanel" id={panelId(idBase)} aria-labelledby={tabId(idBase, layerIndex)} className="keymap-panel">
            <Keyboard
              label={`Keys on layer ${layer.name}`}
              renderKey={({ key }) => <KeyCap cap={capFor(key, layerIndex, block.layers, index)} />}
            />
            <Legend kinds={kinds} base={layerIndex === 0} />
            <OffLayoutKeys keys={offLayoutKeys(layer, DRAWN)} />
          </div>
        </>
      ) : (
        <p className="muted">This block has no layers.</p>
      )}
      <CombosTable combos={block.combos} />
      <SequencesList sequences={block.sequences} />
    </>
  );
}

export function KeymapPicture({ keymap, stale }: { keymap: KeymapView; stale: boolean }) {
  const [selected, setSelected] = useState(0);
  const blockId = useId();
  const blockIndex = Math.min(selected, keymap.blocks.length - 1);
  const block = keymap.blocks[blockIndex];

  return (
    <section aria-labelledby={`${blockId}-title`} className={stale ? 'keymap stale' : 'keymap'}>
      <h3 id={`${blockId}-title`}>Keymap</h3>
      {stale && (
        <p className="warning">Out of date: this is the last version that compiled. Fix the errors to update it.</p>
      )}
      {keymap.blocks.length === 1 && block && <p className="muted">Device block {describeBlock(block)}</p>}
      {keymap.blocks.length > 1 && (
        <p>
          <label htmlFor={blockId}>Device block </label>
          <select id={blockId} value={blockIndex} onChange={(event) => setSelected(Number(event.target.value))}>
            {keymap.blocks.map((b, i) => (
              <option key={i} value={i}>
                {describeBlock(b)}
              </option>
            ))}
          </select>
        </p>
      )}
      {block ? <BlockPicture key={blockIndex} block={block} /> : <p className="muted">The config has no device blocks.</p>}
    </section>
  );
}
