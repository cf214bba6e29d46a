// One profile with its actions. Rename and duplicate open a small inline form so they work
// by keyboard without a modal.
import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useApi } from '@/lib/services';
import type { ProfileSummary } from '@/lib/wire';
import { NAME_PATTERN, activateProfile, deleteProfile, duplicateProfile, renameProfile } from '@/features/profiles/api/profiles';

type Perform = (action: (signal: AbortSignal) => Promise<unknown>, success: string) => Promise<boolean>;

export function ProfileRow({ profile, perform, busy }: { profile: ProfileSummary; perform: Perform; busy: boolean }) {
  const api = useApi();
  const [mode, setMode] = useState<'none' | 'rename' | 'duplicate'>('none');
  const [target, setTarget] = useState('');
  const inputId = useId();
  const { name, etag } = profile;
  const configFile = profile.file ?? null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const ok =
      mode === 'rename'
        ? await perform((signal) => renameProfile(api, name, target, etag, signal), `Renamed ${name} to ${target}.`)
        : await perform((signal) => duplicateProfile(api, name, target, signal), `Copied ${name} to ${target}.`);
    if (ok) setMode('none');
  }

  function open(next: 'rename' | 'duplicate') {
    setTarget(next === 'duplicate' ? `${name}-copy` : name);
    setMode(next);
  }

  return (
    <li className="profile-row">
      <div className="row wrap">
        <strong>{name}</strong>
        {profile.active && <span className="badge">active</span>}
        {configFile !== null && (
          <span className="badge" title={`The config file ${configFile}: edited here, renamed or deleted on disk`}>
            config file
          </span>
        )}
        <span className="muted">
          {profile.size} bytes, changed {new Date(profile.modified_ms).toLocaleString()}
        </span>
        <span className="spacer" />
        <Link to={`/config/${encodeURIComponent(name)}`}>Edit</Link>
        <button type="button" disabled={busy || profile.active} onClick={() => void perform((s) => activateProfile(api, name, s), `${name} is running.`)}>
          Activate
        </button>
        <button type="button" disabled={busy} onClick={() => open('duplicate')}>
          Duplicate
        </button>
        <button type="button" disabled={busy || configFile !== null} onClick={() => open('rename')}>
          Rename
        </button>
        <button
          type="button"
          disabled={busy || profile.active || configFile !== null}
          title={
            configFile !== null
              ? 'The config file is deleted on disk'
              : profile.active
                ? 'The running profile cannot be deleted'
                : undefined
          }
          onClick={() => {
            if (window.confirm(`Delete profile ${name}?`)) void perform((s) => deleteProfile(api, name, etag, s), `Deleted ${name}.`);
          }}
        >
          Delete
        </button>
      </div>
      {mode !== 'none' && (
        <form className="row" onSubmit={(event) => void submit(event)}>
          <label htmlFor={inputId}>{mode === 'rename' ? `Rename ${name} to` : `Copy ${name} as`}</label>
          <input id={inputId} autoFocus required pattern={NAME_PATTERN} value={target} onChange={(e) => setTarget(e.target.value)} />
          <button type="submit" disabled={busy}>
            {mode === 'rename' ? 'Rename' : 'Duplicate'}
          </button>
          <button type="button" onClick={() => setMode('none')}>
            Cancel
          </button>
        </form>
      )}
    </li>
  );
}
