// Shows the app only with a token the daemon accepts; otherwise explains where to find one.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useAuthState } from '@/lib/auth';
import { useServices } from '@/lib/services';

export function AuthGate({ children }: { children: ReactNode }) {
  const { auth } = useServices();
  const state = useAuthState(auth);
  if (state.kind === 'ok') return children;
  return <TokenScreen rejected={state.kind === 'rejected'} />;
}

function TokenScreen({ rejected }: { rejected: boolean }) {
  const { auth } = useServices();
  const queryClient = useQueryClient();
  const [value, setValue] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!value.trim()) return;
    // Anything fetched with the old token is suspect; start clean with the new one.
    queryClient.clear();
    auth.setToken(value);
  }

  return (
    <main className="token-screen" aria-labelledby="token-title">
      <h1 id="token-title">{rejected ? 'The daemon refused this token' : 'Connect to keyrx'}</h1>
      {rejected ? (
        <p>
          The token this page had is no longer valid — the daemon may have created a new one. Open
          the address it prints again, or paste the current token below.
        </p>
      ) : (
        <p>This dashboard needs the token of your running keyrx daemon.</p>
      )}
      <ul>
        <li>
          When <code>keyrx run</code> starts it prints the dashboard address with the token in it:{' '}
          <code>http://127.0.0.1:9867/#token=…</code>. Open that address.
        </li>
        <li>
          The token is also stored in <code>~/.local/state/keyrx/token</code> (or{' '}
          <code>$XDG_STATE_HOME/keyrx/token</code>).
        </li>
      </ul>
      <form onSubmit={submit} className="row">
        <label htmlFor="token-input">Token</label>
        <input
          id="token-input"
          type="password"
          autoComplete="off"
          value={value}
          onChange={(event) => setValue(event.target.value)}
        />
        <button type="submit">Connect</button>
      </form>
    </main>
  );
}
