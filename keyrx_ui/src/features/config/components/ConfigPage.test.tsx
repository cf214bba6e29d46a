import { act, fireEvent, screen, within } from '@testing-library/react';
import { EditorView } from 'codemirror';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigPage } from '@/features/config/components/ConfigPage';
import { VALIDATE_DELAY_MS } from '@/features/config/api/validate';
import { daemon, keymap, profile } from '@/test/fixtures';
import { json, type Handler } from '@/test/fakeServer';
import { MockWebSocket } from '@/test/mockWebSocket';
import { renderPage } from '@/test/render';

beforeEach(() => {
  MockWebSocket.reset();
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

async function openEditor(handler: Handler) {
  const view = renderPage(<ConfigPage />, { handler, path: '/config/work', pattern: '/config/:name' });
  await act(async () => {});
  const element = document.querySelector<HTMLElement>('.cm-editor');
  if (!element) throw new Error('editor not rendered');
  const editor = EditorView.findFromDOM(element);
  if (!editor) throw new Error('no EditorView');
  const type = (text: string) =>
    act(() => {
      editor.dispatch({ changes: { from: editor.state.doc.length, insert: text } });
    });
  const validations = () => view.server.requests.filter((r) => r.path === '/api/v1/validate');
  return { ...view, editor, type, validations };
}

const wait = (ms: number) =>
  act(async () => {
    vi.advanceTimersByTime(ms);
  });

describe('Config editor validation', () => {
  it('validates once after typing stops, aborting the request a newer edit replaced', async () => {
    const { type, validations } = await openEditor(daemon((r) => (r.path === '/api/v1/validate' ? 'pending' : undefined)));
    // Loading the profile starts one validation of the saved text.
    await wait(VALIDATE_DELAY_MS);
    expect(validations()).toHaveLength(1);

    type('a');
    await wait(100);
    type('b');
    await wait(100);
    type('c');
    // The first request is cancelled as soon as the text changes.
    expect(validations()[0]?.signal?.aborted).toBe(true);
    await wait(VALIDATE_DELAY_MS - 1);
    expect(validations()).toHaveLength(1);
    await wait(1);
    expect(validations()).toHaveLength(2);
    expect(validations()[1]?.body).toEqual({ source: `${profile.source}abc`, name: 'work.rhai' });

    type('d');
    expect(validations()[1]?.signal?.aborted).toBe(true);
  });

  it('shows the diagnostics the daemon returns', async () => {
    const diagnostic = { severity: 'error', message: 'unknown key `capslok`', help: 'did you mean `capslock`?', file: 'work.rhai', span: { line: 2, column: 9, end_line: 2, end_column: 18 } };
    await openEditor(daemon((r) => (r.path === '/api/v1/validate' ? json({ ok: false, diagnostics: [diagnostic] }) : undefined)));
    await wait(VALIDATE_DELAY_MS);
    expect(screen.getByRole('region', { name: 'Diagnostics' })).toHaveTextContent('line 2:9: unknown key `capslok`');
    expect(screen.getByText('Has errors')).toBeInTheDocument();
  });

  it('draws the keymap of the text under the editor and keeps it, marked out of date, while the text has errors', async () => {
    const handler = daemon((r) => {
      if (r.path !== '/api/v1/validate') return undefined;
      const { source } = r.body as { source: string };
      return source.endsWith('oops') ? json({ ok: false, diagnostics: [{ severity: 'error', message: 'syntax error', file: 'work.rhai' }] }) : json({ ok: true, diagnostics: [], keymap });
    });
    const { type } = await openEditor(handler);
    await wait(VALIDATE_DELAY_MS);
    const picture = screen.getByRole('region', { name: 'Keymap' });
    expect(within(picture).getByRole('img', { name: /^capslock: Tap for esc/ })).toBeInTheDocument();
    expect(within(picture).queryByText(/Out of date/)).toBeNull();

    type('oops');
    await wait(VALIDATE_DELAY_MS);
    expect(screen.getByText('Has errors')).toBeInTheDocument();
    expect(within(picture).getByText(/Out of date/)).toBeInTheDocument();
    expect(within(picture).getByRole('img', { name: /^capslock: Tap for esc/ })).toBeInTheDocument();
  });
});

describe('Config save and activate', () => {
  const noValidation: Handler = (r) => (r.path === '/api/v1/validate' ? json({ ok: true, diagnostics: [], keymap: { blocks: [] } }) : undefined);

  it('saves with If-Match and shows a conflict when the profile changed elsewhere', async () => {
    const handler = daemon((r) => {
      if (r.method === 'PUT') return json({ error: { code: 'precondition_failed', message: 'changed' } }, 412);
      return noValidation(r);
    });
    const { type, server } = await openEditor(handler);
    type('// mine');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await act(async () => {});
    const put = server.requests.find((r) => r.method === 'PUT');
    expect(put?.headers['if-match']).toBe(profile.etag);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Not saved: conflict');
    expect(alert).toHaveTextContent('Your text is still in the editor');
    expect(screen.getByRole('button', { name: 'Overwrite with my version' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Discard mine and load theirs' })).toBeInTheDocument();
  });

  it('saves with Ctrl+S from the editor, and puts the diagnostics above the text with a gutter marker', async () => {
    const handler = daemon((r) => {
      if (r.method === 'PUT') return json({ ...profile, source: String((r.body as { source: string }).source), etag: '"v2"' });
      if (r.path === '/api/v1/validate') {
        return json({ ok: false, diagnostics: [{ severity: 'error', message: 'unknown key', file: 'work', span: { line: 1, column: 1, end_line: 1, end_column: 6 } }] });
      }
      return undefined;
    });
    const { type, editor, server } = await openEditor(handler);
    type('// mine');
    await wait(VALIDATE_DELAY_MS);
    const list = screen.getByRole('region', { name: 'Diagnostics' });
    const host = document.querySelector('.editor')!;
    expect(list.compareDocumentPosition(host) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(document.querySelector('.cm-gutter-lint')).not.toBeNull();
    fireEvent.keyDown(editor.contentDOM, { key: 's', ctrlKey: true });
    await act(async () => {});
    expect(server.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
    expect(screen.getByText('Saved.')).toBeInTheDocument();
  });

  it('overwrites without If-Match when asked to', async () => {
    let puts = 0;
    const handler = daemon((r) => {
      if (r.method !== 'PUT') return noValidation(r);
      puts += 1;
      return puts === 1
        ? json({ error: { code: 'precondition_failed', message: 'changed' } }, 412)
        : json({ ...profile, source: String((r.body as { source: string }).source), etag: '"v3"' });
    });
    const { type, server } = await openEditor(handler);
    type('// mine');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await act(async () => {});
    fireEvent.click(screen.getByRole('button', { name: 'Overwrite with my version' }));
    await act(async () => {});
    const last = server.requests.filter((r) => r.method === 'PUT').at(-1);
    expect(last?.headers['if-match']).toBeUndefined();
    expect(screen.getByText('Saved.')).toBeInTheDocument();
  });

  it('shows the diagnostics when activation is refused', async () => {
    const details = [{ severity: 'error', message: 'map() must be called inside a layer', file: 'work.rhai', span: { line: 1, column: 1, end_line: 1, end_column: 4 } }];
    const handler = daemon((r) =>
      r.path.endsWith('/activate')
        ? json({ error: { code: 'config_invalid', message: 'the profile has errors; the running config stays', details } }, 422)
        : noValidation(r),
    );
    await openEditor(handler);
    fireEvent.click(screen.getByRole('button', { name: 'Activate' }));
    await act(async () => {});
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Activation refused');
    expect(alert).toHaveTextContent('the running config stays');
    expect(alert).toHaveTextContent('line 1:1: map() must be called inside a layer');
  });
});
