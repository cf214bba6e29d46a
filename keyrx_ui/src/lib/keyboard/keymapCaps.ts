// What each key cap of the keymap picture shows on a layer: the layer's own mapping, the
// key itself (unmapped on the base layer) or a fall-through mark (unmapped above it).
import { printedLabel } from '@/lib/keyboard/labels';
import type { ActionKind, KeyView, LayerView } from '@/lib/wire';

export const KIND_NAMES: Record<ActionKind, string> = {
  key: 'key',
  transparent: 'transparent',
  block: 'blocked',
  layer: 'layer',
  one_shot: 'one-shot',
  tap_hold: 'tap-hold',
  macro: 'macro',
  text: 'text',
  cond: 'conditional',
  release_all: 'release all',
  command: 'command',
  leader: 'leader',
};

export const TRANSPARENT_MARK = '▽';

export interface Cap {
  key: string;
  /** 'self': unmapped on the base layer; 'transparent': unmapped on a layer above it. */
  state: 'mapped' | 'self' | 'transparent';
  kind: ActionKind | null;
  label: string;
  hold: string | null;
  /** On a transparent key, what the base layer does there. */
  base: string | null;
  detail: string;
}

export type LayerIndex = Map<string, KeyView>[];

export function indexLayers(layers: LayerView[]): LayerIndex {
  return layers.map((layer) => new Map(layer.keys.map((view) => [view.key, view])));
}

export function capFor(key: string, layerIndex: number, layers: LayerView[], index: LayerIndex): Cap {
  const mapped = index[layerIndex]?.get(key);
  if (mapped) {
    return { key, state: 'mapped', kind: mapped.kind, label: mapped.label, hold: mapped.hold ?? null, base: null, detail: mapped.detail };
  }
  if (layerIndex === 0) {
    return { key, state: 'self', kind: null, label: printedLabel(key), hold: null, base: null, detail: `Not mapped: types ${key}.` };
  }
  const base = index[0]?.get(key);
  const baseName = layers[0]?.name ?? 'the base layer';
  return {
    key,
    state: 'transparent',
    kind: null,
    label: TRANSPARENT_MARK,
    hold: null,
    base: base ? base.label : printedLabel(key),
    detail: `Not mapped on ${layers[layerIndex]?.name ?? 'this layer'}: falls through to the layers below (on ${baseName}: ${base ? base.detail : `types ${key}`}).`,
  };
}

/** Mapped keys the drawing has no place for (f13, media keys, …). */
export function offLayoutKeys(layer: LayerView | undefined, drawn: Set<string>): KeyView[] {
  return (layer?.keys ?? []).filter((view) => !drawn.has(view.key));
}

/**
 * What a key does with a stack of active layers (indices, base first): the topmost layer that
 * maps it to something other than "transparent" decides; otherwise it falls through to the
 * base layer, as the engine resolves it.
 */
export function resolveCap(key: string, stack: number[], layers: LayerView[], index: LayerIndex): Cap {
  for (let i = stack.length - 1; i > 0; i--) {
    const layerIndex = stack[i]!;
    const mapped = index[layerIndex]?.get(key);
    if (mapped && mapped.kind !== 'transparent') {
      const cap = capFor(key, layerIndex, layers, index);
      return { ...cap, detail: `${cap.detail} (layer ${layers[layerIndex]?.name ?? '?'})` };
    }
  }
  return capFor(key, stack[0] ?? 0, layers, index);
}

/** The key a plain mapping types ("types shift+b" → "b"), or null for anything else. */
export function typedKey(cap: Cap): string | null {
  if (cap.state === 'self') return cap.key;
  if (cap.kind !== 'key') return null;
  const typed = /^types (\S+)/.exec(cap.detail)?.[1];
  return typed ? (typed.split('+').at(-1) ?? null) : null;
}
