// Words for one key event: what came in, what went out, what the engine decided and why.
// Shared by the rows, the filter and the screen-reader announcements, so what is read out
// is what is shown and what the filter finds.
import { decisionKindLabel, decisionSummary } from '@/lib/decisions';
import type { Decision, KeyMessage, WireKey } from '@/lib/wire';

export function describeKey(key: WireKey): string {
  const arrow = key.action === 'press' ? '↓' : key.action === 'release' ? '↑' : '⟳';
  return `${arrow}${key.key}`;
}

export function describeOutputs(row: KeyMessage): string {
  return row.outputs.map(describeKey).join(' ') || '—';
}

/** The engine's reason without a repeated subject: "another key (a) was pressed 12 ms after it". */
export function reasonOf(decision: Decision): string {
  const colon = decision.text.indexOf(': ');
  return colon >= 0 ? decision.text.slice(colon + 2) : decision.text;
}

/** One line per decision: "f → hold: j pressed and released inside". */
export function decisionLine(decision: Decision): string {
  const summary = decisionSummary(decision);
  const reason = reasonOf(decision);
  return reason && reason !== decision.text ? `${summary}: ${reason}` : `${summary}: ${decision.text}`;
}

/** A sentence for screen readers: "capslock pressed, esc pressed; capslock → hold: …". */
export function announce(row: KeyMessage): string {
  const input = row.input ? `${row.input.key} ${row.input.action === 'press' ? 'pressed' : row.input.action === 'release' ? 'released' : 'repeated'}` : 'timer';
  const outputs = row.outputs.length === 0 ? 'no output' : row.outputs.map((o) => `${o.key} ${o.action}`).join(', ');
  const decisions = row.decisions.map(decisionLine).join('; ');
  return `${input} → ${outputs}${decisions ? `; ${decisions}` : ''}`;
}

/** Everything the filter looks through, lower case. */
function haystack(row: KeyMessage): string[] {
  const words = [row.device_name, ...row.layers];
  if (row.input) words.push(row.input.key, describeKey(row.input));
  for (const output of row.outputs) words.push(output.key, describeKey(output));
  for (const d of row.decisions) {
    words.push(decisionKindLabel(d.kind), d.kind, decisionSummary(d), d.text);
    if (d.outcome) words.push(d.outcome);
    if (d.cause) words.push(d.cause, d.cause.replace(/_/g, ' '));
    if (d.layer) words.push(d.layer);
    if (d.combo) words.push(...d.combo);
  }
  return words.map((w) => w.toLowerCase());
}

/**
 * Whether a row matches the filter: every word of it must be found in the row's keys,
 * outputs, device, layers or decisions ("hold" finds tap-holds resolved as hold,
 * "capslock hold" those of CapsLock).
 */
export function matches(row: KeyMessage, filter: string): boolean {
  const needles = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (needles.length === 0) return true;
  const words = haystack(row);
  return needles.every((needle) => words.some((word) => word.includes(needle)));
}
