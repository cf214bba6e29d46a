import { useProfiles } from '@/lib/profilesQuery';
import { useProfileAction } from '@/features/profiles/api/useProfileAction';
import { CreateProfile } from '@/features/profiles/components/CreateProfile';
import { ProfileRow } from '@/features/profiles/components/ProfileRow';

export function ProfilesPage() {
  const profiles = useProfiles();
  const { outcome, perform } = useProfileAction();
  const busy = outcome.kind === 'busy';

  return (
    <>
      <h1>Profiles</h1>
      <div aria-live="polite">
        {outcome.kind === 'ok' && <p className="ok">{outcome.message}</p>}
        {outcome.kind === 'error' && (
          <div role="alert" className="error">
            <p>{outcome.message}</p>
            {outcome.diagnostics.length > 0 && (
              <ul>
                {outcome.diagnostics.map((d, i) => (
                  <li key={i}>
                    {d.span && `line ${d.span.line}:${d.span.column}: `}
                    {d.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
      <CreateProfile perform={perform} />
      <section aria-labelledby="profiles-title" className="card">
        <h2 id="profiles-title">Saved profiles</h2>
        {profiles.isPending && <p>Loading…</p>}
        {profiles.error && <p role="alert" className="error">{profiles.error.message}</p>}
        {profiles.data?.profiles.length === 0 && <p className="muted">No profiles yet: the daemon runs its built-in or command-line config.</p>}
        <ul className="plain">
          {profiles.data?.profiles.map((profile) => (
            <ProfileRow key={profile.name} profile={profile} perform={perform} busy={busy} />
          ))}
        </ul>
      </section>
    </>
  );
}
