// The layer tabs of the keymap picture: a WAI-ARIA tablist with automatic activation, so
// the arrow keys, Home and End both move focus and switch the layer shown.
import { useRef, type KeyboardEvent } from 'react';

interface LayerTabsProps {
  layers: string[];
  selected: number;
  onSelect: (index: number) => void;
  /** Prefix for the tab and panel ids. */
  idBase: string;
}

export const tabId = (idBase: string, index: number) => `${idBase}-tab-${index}`;
export const panelId = (idBase: string) => `${idBase}-panel`;

export function LayerTabs({ layers, selected, onSelect, idBase }: LayerTabsProps) {
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);

  function onKeyDown(event: KeyboardEvent) {
    const count = layers.length;
    const moves: Record<string, number> = {
      ArrowRight: (selected + 1) % count,
      ArrowLeft: (selected - 1 + count) % count,
      Home: 0,
      End: count - 1,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    onSelect(next);
    tabs.current[next]?.focus();
  }

  return (
    <div role="tablist" aria-label="Layers" className="layer-tabs" onKeyDown={onKeyDown}>
      {layers.map((layer, index) => (
        <button
          key={index}
          ref={(element) => {
            tabs.current[index] = element;
          }}
          type="button"
          role="tab"
          id={tabId(idBase, index)}
          aria-selected={index === selected}
          aria-controls={panelId(idBase)}
          tabIndex={index === selected ? 0 : -1}
          onClick={() => onSelect(index)}
        >
          {layer}
        </button>
      ))}
    </div>
  );
}
