// Short forms of the engine's decisions, for places that have one line per event (the
// monitor's rows, badges); the full sentence stays available as `text`.
import type { Decision, DecisionKind } from '@/lib/wire';

const KIND_LABELS: Record<DecisionKind, string> = {
  tap_hold: 'tap-hold',
  combo_fired: 'combo',
  combo_abandoned: 'combo abandoned',
  one_shot_armed: 'one-shot armed',
  one_shot_used: 'one-shot used',
  one_shot_expired: 'one-shot expired',
  layer_on: 'layer on',
  layer_off: 'layer off',
  base_layer: 'base layer',
  tap_dance: 'tap dance',
  caps_word_on: 'caps word on',
  caps_word_off: 'caps word off',
  command: 'command',
  leader_started: 'leader',
  leader_key: 'leader key',
  sequence_matched: 'sequence',
  leader_mismatch: 'no sequence',
  leader_timeout: 'leader timeout',
  macro_record_started: 'recording',
  macro_record_stopped: 'recorded',
  macro_play_started: 'playing macro',
  macro_play_refused: 'play refused',
  overflow: 'overflow',
};

export function decisionKindLabel(kind: DecisionKind): string {
  return KIND_LABELS[kind];
}

/** A few words, e.g. "capslock → hold", "j+k → combo", "nav on". */
export function decisionSummary(decision: Decision): string {
  const { kind, key, layer } = decision;
  switch (kind) {
    case 'tap_hold':
      return decision.outcome && key ? `${key} → ${decision.outcome}` : `${key ?? ''} tap-hold`.trim();
    case 'combo_fired':
      return `${(decision.combo ?? (key ? [key] : [])).join('+')} → combo`;
    case 'layer_on':
    case 'layer_off':
      return `${layer ?? 'layer'} ${kind === 'layer_on' ? 'on' : 'off'}`;
    case 'base_layer':
      return `base → ${layer ?? '?'}`;
    case 'overflow':
      return `${key ?? 'key'} dropped`;
    case 'command':
      return `${key ?? 'key'} → command`;
    default:
      return [key, KIND_LABELS[kind]].filter(Boolean).join(' ');
  }
}
