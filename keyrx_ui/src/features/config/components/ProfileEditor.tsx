// Editing one profile: the editor, live diagnostics, save with conflict detection, activate.
import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, isAbort } from '@/lib/api';
import { queryKeys } from '@/lib/queryClient';
import { useServices } from '@/lib/services';
import { useUnmountAbort } from '@/lib/useUnmountAbort';
import type { Diagnostic, Profile } from '@/lib/wire';
import { activateProfile, saveProfile, useKeyNames, useProfile } from '@/features/config/api/profile';
import { keymapIsStale, useValidation } from '@/features/config/api/validate';
import { DiagnosticList } from '@/features/config/components/DiagnosticList';
import { Editor } from '@/features/config/components/Editor';
import { KeymapPicture } from '@/features/config/components/KeymapPicture';

type Outcome =
  | { kind: 'none' }
  | { kind: 'busy'; what: string }
  | { kind: 'saved' }
  | { kind: 'conflict'; message: string }
  | { kind: 'activated'; warnings: Diagnostic[] }
  | { kind: 'refused'; message: string; diagnostics: Diagnostic[] }
  | { kind: 'error'; message: string };

export function ProfileEditor({ name }: { name: string }) {
  const { api, drafts } = useServices();
  const queryClient = useQueryClient();
  const requestSignal = useUnmountAbort();
  const profile = useProfile(name);
  const keyNames = useKeyNames();
  // Only the user's unsaved text is local; the saved version stays in the query cache.
  const [edited, setEdited] = useState<{ name: string; source: string } | null>(null);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const saved = profile.data;
  const text = edited?.name === name ? edited.source : (saved?.source ?? null);
  const dirty = text !== null && saved !== undefined && text !== saved.source;
  const validation = useValidation(text, name);

  useEffect(() => {
    if (text !== null) drafts.set({ profile: name, source: text });
  }, [drafts, name, text]);

  async function run(what: string, action: (signal: AbortSignal) => Promise<void>) {
    const { signal, done } = requestSignal();
    setOutcome({ kind: 'busy', what });
    try {
      await action(signal);
    } catch (error) {
      if (isAbort(error)) return;
      if (error instanceof ApiError && error.status === 412) {
        setOutcome({
          kind: 'conflict',
          message: 'This profile was changed somewhere else (another tab or the file itself) after you opened it.',
        });
      } else if (error instanceof ApiError && error.status === 422) {
        setOutcome({ kind: 'refused', message: error.message, diagnostics: error.diagnostics() });
      } else {
        setOutcome({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
      }
    } finally {
      done();
    }
  }

  const save = (overwrite: boolean) =>
    run('Saving…', async (signal) => {
      if (text === null || !saved) return;
      const result = await saveProfile(api, name, text, overwrite ? null : saved.etag, signal);
      queryClient.setQueryData<Profile>(queryKeys.profile(name), result);
      setEdited(null);
      void queryClient.invalidateQueries({ queryKey: queryKeys.profiles, exact: true });
      setOutcome({ kind: 'saved' });
    });

  const activate = () =>
    run('Activating…', async (signal) => {
      const result = await activateProfile(api, name, signal);
      void queryClient.invalidateQueries({ queryKey: queryKeys.profiles, exact: true });
      void queryClient.invalidateQueries({ queryKey: queryKeys.status });
      setOutcome({ kind: 'activated', warnings: result.warnings });
    });

  const loadTheirs = () => {
    setEdited(null);
    setOutcome({ kind: 'none' });
    void queryClient.invalidateQueries({ queryKey: queryKeys.profile(name) });
  };

  if (profile.isPending) return <p>Loading {name}…</p>;
  if (profile.error) return <p role="alert" className="error">Could not load {name}: {profile.error.message}</p>;

  return (
    <section
      aria-labelledby="editor-title"
      className="profile-editor"
      onKeyDown={(event) => {
        // Ctrl+S (⌘S) saves, from the editor or anywhere in it, instead of the browser's "save page".
        if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's') {
          event.preventDefault();
          if (dirty && outcome.kind !== 'busy') void save(false);
        }
      }}
    >
      <h2 id="editor-title">
        {name}
        {dirty && <span className="muted"> (unsaved)</span>}
      </h2>
      <div className="toolbar">
        <button type="button" onClick={() => void save(false)} disabled={!dirty || outcome.kind === 'busy'} aria-keyshortcuts="Control+S">
          Save
        </button>
        <button type="button" onClick={() => void activate()} disabled={outcome.kind === 'busy'}>
          {dirty ? 'Activate saved version' : 'Activate'}
        </button>
        <span className="muted" aria-live="polite">
          {validation.state === 'checking' ? 'Checking…' : validation.state === 'done' ? (validation.ok ? 'No errors' : 'Has errors') : ''}
        </span>
      </div>
      <OutcomeNotice outcome={outcome} onOverwrite={() => void save(true)} onLoadTheirs={loadTheirs} />
      {validation.error && <p className="error">Could not check the config: {validation.error}</p>}
      {/* Above the text, so the list is in view with the first lines of the source. */}
      <DiagnosticList diagnostics={validation.diagnostics} title="Diagnostics" />
      <Editor value={text ?? ''} onChange={(source) => setEdited({ name, source })} diagnostics={validation.diagnostics} label={`Source of profile ${name}`} keys={keyNames.data?.keys} />
      {validation.keymap && <KeymapPicture keymap={validation.keymap} stale={keymapIsStale(validation)} />}
    </section>
  );
}

interface OutcomeNoticeProps {
  outcome: Outcome;
  onOverwrite: () => void;
  onLoadTheirs: () => void;
}

function OutcomeNotice({ outcome, onOverwrite, onLoadTheirs }: OutcomeNoticeProps) {
  switch (outcome.kind) {
    case 'none':
      return null;
    case 'busy':
      return <p role="status">{outcome.what}</p>;
    case 'saved':
      return <p role="status" className="ok">Saved.</p>;
    case 'conflict':
      return (
        <div role="alert" className="conflict">
          <p>
            <strong>Not saved: conflict.</strong> {outcome.message} Your text is still in the editor.
          </p>
          <button type="button" onClick={onOverwrite}>
            Overwrite with my version
          </button>{' '}
          <button type="button" onClick={onLoadTheirs}>
            Discard mine and load theirs
          </button>
        </div>
      );
    case 'activated':
      return (
        <div role="status" className="ok">
          <p>Activated: this profile is now running.</p>
          <DiagnosticList diagnostics={outcome.warnings} title="Warnings" />
        </div>
      );
    case 'refused':
      return (
        <div role="alert" className="error">
          <p>
            <strong>Activation refused.</strong> {outcome.message}
          </p>
          <DiagnosticList diagnostics={outcome.diagnostics} title="Errors in the saved profile" />
        </div>
      );
    case 'error':
      return <p role="alert" className="error">{outcome.message}</p>;
  }
}
