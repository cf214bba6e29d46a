// The running keymap on a keyboard drawing, with the device's live layer stack applied
// (transparent keys resolved), the physical keys down lit on one drawing and the keys the
// virtual keyboard holds on the other; a held output with nothing behind it is marked stuck.
import { useId, useMemo, useState } from 'react';
import { Keyboard } from '@/lib/keyboard/Keyboard';
import { KeyCap } from '@/lib/keyboard/KeyCap';
import { capFor, indexLayers, resolveCap } from '@/lib/keyboard/keymapCaps';
import type { BlockView, DaemonState, DeviceState, KeymapView } from '@/lib/wire';

function stackOf(block: BlockView, device: DeviceState): number[] {
  const stack = device.layers.map((name) => block.layers.findIndex((layer) => layer.name === name)).filter((i) => i >= 0);
  return stack.length > 0 ? stack : [0];
}

interface LiveKeyboardProps {
  keymap: KeymapView;
  state: DaemonState;
  stuck: string[];
}

export function LiveKeyboard({ keymap, state, stuck }: LiveKeyboardProps) {
  const [chosen, setChosen] = useState(0);
  const selectId = useId();
  const deviceIndex = Math.min(chosen, Math.max(0, state.devices.length - 1));
  const device = state.devices[deviceIndex];
  const block = keymap.blocks.find((b) => b.name === device?.block) ?? keymap.blocks[0];
  const index = useMemo(() => indexLayers(block?.layers ?? []), [block]);
  if (!block) return <p className="muted">The running config has no device blocks.</p>;
  const stack = device ? stackOf(block, device) : [0];
  const down = new Set(device?.held_inputs ?? []);
  const held = new Set(state.held_outputs);

  return (
    <div className="keymap live-keyboard">
      {state.devices.length > 1 && (
        <p>
          <label htmlFor={selectId}>Device </label>
          <select id={selectId} value={deviceIndex} onChange={(event) => setChosen(Number(event.target.value))}>
            {state.devices.map((d, i) => (
              <option key={d.id} value={i}>
                {d.name}
              </option>
            ))}
          </select>
        </p>
      )}
      <p className="muted">
        {device ? `${device.name}: block ${block.name}, layers ${device.layers.join(' › ')}` : `No device attached; block ${block.name}, base layer`}
      </p>
      <h3>Physical ({device?.name ?? 'no device'}): what each key does now</h3>
      <Keyboard
        label="Physical keys, with what each does on the active layers"
        renderKey={({ key }) => <KeyCap cap={resolveCap(key, stack, block.layers, index)} lit={down.has(key) ? 'held' : undefined} />}
      />
      <h3>Virtual keyboard: what it holds</h3>
      <Keyboard
        label="Virtual keyboard keys held"
        renderKey={({ key }) => (
          <KeyCap cap={{ ...capFor(key, 0, [], []), detail: `output ${key}` }} lit={stuck.includes(key) ? 'stuck' : held.has(key) ? 'held' : undefined} />
        )}
      />
    </div>
  );
}
