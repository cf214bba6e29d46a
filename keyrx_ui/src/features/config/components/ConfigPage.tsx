// Pick a profile, then edit it.
import { Link, Navigate, useParams } from 'react-router';
import { useProfiles } from '@/lib/profilesQuery';
import { ProfileEditor } from '@/features/config/components/ProfileEditor';

export function ConfigPage() {
  const { name } = useParams();
  const profiles = useProfiles();
  const list = profiles.data?.profiles ?? [];
  // Without a choice, open the running profile: it is the one people usually want to change.
  const active = profiles.data?.active;
  if (!name && active) return <Navigate to={`/config/${encodeURIComponent(active)}`} replace />;

  return (
    <>
      <h1>Config</h1>
      <div className="config-layout">
        <nav aria-label="Profiles to edit" className="side-list">
          {profiles.isPending && <p>Loading profiles…</p>}
          {profiles.error && <p role="alert" className="error">{profiles.error.message}</p>}
          {profiles.data && list.length === 0 && (
            <p>
              No profiles yet. <Link to="/profiles">Create one</Link>.
            </p>
          )}
          <ul>
            {list.map((profile) => (
              <li key={profile.name}>
                <Link to={`/config/${encodeURIComponent(profile.name)}`} aria-current={profile.name === name ? 'page' : undefined}>
                  {profile.name}
                </Link>
                {profile.active && <span className="badge">active</span>}
              </li>
            ))}
          </ul>
        </nav>
        {name ? <ProfileEditor key={name} name={name} /> : <p>Choose a profile to edit.</p>}
      </div>
    </>
  );
}
