import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { KeymapPicture } from '@/features/config/components/KeymapPicture';
import type { KeymapView } from '@/lib/wire';
import { keymap } from '@/test/fixtures';

const [laptop] = keymap.blocks;
const oneBlock: KeymapView = { blocks: laptop ? [laptop] : [] };

/** The cap of `key` on the layer shown (named "key: detail"). */
const cap = (key: string) => within(screen.getByRole('tabpanel')).getByRole('img', { name: new RegExp(`^${key}: `) });

describe('KeymapPicture', () => {
  it('draws each layer tab with its labels, hold labels and details', () => {
    render(<KeymapPicture keymap={oneBlock} stale={false} />);
    expect(screen.getByRole('tab', { name: 'base' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tabpanel')).toHaveAccessibleName('base');
    const capslock = cap('capslock');
    expect(capslock).toHaveTextContent('escleftctrl');
    expect(capslock).toHaveAccessibleName('capslock: Tap for esc, hold for leftctrl (200 ms).');
    expect(capslock).toHaveAttribute('title', 'Tap for esc, hold for leftctrl (200 ms).');
    expect(capslock).toHaveClass('kind-tap_hold');
    expect(cap('rightalt')).toHaveClass('kind-layer');

    fireEvent.click(screen.getByRole('tab', { name: 'nav' }));
    expect(screen.getByRole('tab', { name: 'nav' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tabpanel')).toHaveAccessibleName('nav');
    expect(cap('h')).toHaveTextContent('left');
    expect(cap('j')).toHaveTextContent('down');
  });

  it('switches layers with the arrow keys, Home and End, moving focus along', () => {
    render(<KeymapPicture keymap={oneBlock} stale={false} />);
    const base = screen.getByRole('tab', { name: 'base' });
    const nav = screen.getByRole('tab', { name: 'nav' });
    expect(base).toHaveAttribute('tabindex', '0');
    expect(nav).toHaveAttribute('tabindex', '-1');
    base.focus();

    fireEvent.keyDown(base, { key: 'ArrowRight' });
    expect(nav).toHaveFocus();
    expect(nav).toHaveAttribute('aria-selected', 'true');
    expect(nav).toHaveAttribute('tabindex', '0');
    expect(cap('h')).toHaveTextContent('left');

    fireEvent.keyDown(nav, { key: 'ArrowRight' });
    expect(base).toHaveFocus();
    expect(cap('h')).toHaveTextContent('H');

    fireEvent.keyDown(base, { key: 'End' });
    expect(nav).toHaveFocus();
    fireEvent.keyDown(nav, { key: 'Home' });
    expect(base).toHaveFocus();
    fireEvent.keyDown(base, { key: 'ArrowLeft' });
    expect(nav).toHaveAttribute('aria-selected', 'true');
  });

  it('dims unmapped keys on the base layer and marks them transparent above it', () => {
    render(<KeymapPicture keymap={oneBlock} stale={false} />);
    expect(cap('a')).toHaveClass('cap-self');
    expect(cap('a')).toHaveTextContent('A');
    expect(cap('a')).toHaveAccessibleName('a: Not mapped: types a.');

    fireEvent.click(screen.getByRole('tab', { name: 'nav' }));
    expect(cap('a')).toHaveClass('cap-transparent');
    expect(cap('a')).toHaveTextContent('▽A');
    // Where the base layer maps the key, the transparent cap shows what it does there.
    expect(cap('capslock')).toHaveClass('cap-transparent');
    expect(cap('capslock')).toHaveTextContent('▽esc');
    expect(cap('capslock')).toHaveAccessibleName(/falls through .*Tap for esc, hold for leftctrl/);
  });

  it('lists the mapped keys the drawing has no place for, per layer', () => {
    render(<KeymapPicture keymap={oneBlock} stale={false} />);
    const extra = () => screen.getByRole('region', { name: 'Mapped keys not on the drawing' });
    expect(extra()).toHaveTextContent('f13 → sig Types the signature macro.');
    expect(within(extra()).getAllByRole('listitem')).toHaveLength(1);

    fireEvent.click(screen.getByRole('tab', { name: 'nav' }));
    expect(extra()).toHaveTextContent('volumeup → vol+');
    expect(extra()).not.toHaveTextContent('f13');
  });

  it('lists combos with their keys, action, detail and layers', () => {
    render(<KeymapPicture keymap={oneBlock} stale={false} />);
    const combos = screen.getByRole('region', { name: 'Combos' });
    const rows = within(combos).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent('j + kescPressing j and k together sends esc.base, nav');
    expect(rows[2]).toHaveTextContent('d + fshiftPressing d and f together makes the next key shifted.every layer');
  });

  it('lists leader sequences in words, and nothing when there are none', () => {
    const withSequences: KeymapView = {
      blocks: laptop ? [{ ...laptop, sequences: ['leader g s → types the text “git status”'] }] : [],
    };
    const { unmount } = render(<KeymapPicture keymap={withSequences} stale={false} />);
    const list = screen.getByRole('region', { name: 'Leader sequences' });
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'leader g s → types the text “git status”',
    ]);
    unmount();
    render(<KeymapPicture keymap={oneBlock} stale={false} />);
    expect(screen.queryByRole('region', { name: 'Leader sequences' })).toBeNull();
  });

  it('offers a block selector only when there is more than one block', () => {
    const { unmount } = render(<KeymapPicture keymap={oneBlock} stale={false} />);
    expect(screen.queryByRole('combobox', { name: 'Device block' })).toBeNull();
    unmount();

    render(<KeymapPicture keymap={keymap} stale={false} />);
    fireEvent.click(screen.getByRole('tab', { name: 'nav' }));
    const select = screen.getByRole('combobox', { name: 'Device block' });
    expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'laptop (name:AT Translated Set 2 keyboard)',
      'macropad (vendor_product:1234:5678)',
    ]);
    fireEvent.change(select, { target: { value: '1' } });
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['pad']);
    expect(screen.getByRole('tab', { name: 'pad' })).toHaveAttribute('aria-selected', 'true');
    expect(cap('kp1')).toHaveTextContent('"hi"');
    expect(cap('kp1')).toHaveClass('kind-text');
    expect(screen.queryByRole('region', { name: 'Combos' })).toBeNull();
  });

  it('says when the picture is of older text', () => {
    const { rerender } = render(<KeymapPicture keymap={oneBlock} stale={false} />);
    expect(screen.queryByText(/Out of date/)).toBeNull();
    rerender(<KeymapPicture keymap={oneBlock} stale />);
    expect(screen.getByText(/Out of date: this is the last version that compiled/)).toBeInTheDocument();
  });
});
