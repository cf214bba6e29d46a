// The frame around every page: skip link, navigation, connection indicator, theme toggle.
import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useConnectionStatus } from '@/lib/realtime';
import type { ConnectionStatus } from '@/lib/socket';
import { RealtimeSync } from '@/app/RealtimeSync';
import { useTheme } from '@/app/theme';

const pages = [
  ['/', 'Dashboard'],
  ['/monitor', 'Monitor'],
  ['/config', 'Config'],
  ['/simulator', 'Simulator'],
  ['/profiles', 'Profiles'],
  ['/devices', 'Devices'],
] as const;

const statusText: Record<ConnectionStatus, string> = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  open: 'Live',
  reconnecting: 'Reconnecting…',
  closed: 'Disconnected',
};

export function Shell() {
  const status = useConnectionStatus();
  const [theme, nextTheme] = useTheme();
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const firstPath = useRef(pathname);

  // After navigating, keyboard and screen-reader users land on the new page, not on the link.
  useEffect(() => {
    if (pathname !== firstPath.current) main.current?.focus();
  }, [pathname]);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">keyrx</span>
        <nav aria-label="Pages">
          <ul>
            {pages.map(([to, label]) => (
              <li key={to}>
                <NavLink to={to} end={to === '/'}>
                  {label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <span className={`conn conn-${status}`} role="status" aria-label={`Live connection: ${statusText[status]}`}>
          <span className="dot" aria-hidden="true" />
          {statusText[status]}
        </span>
        <button type="button" onClick={nextTheme} aria-label={`Theme: ${theme}. Change theme`}>
          Theme: {theme}
        </button>
      </header>
      <RealtimeSync />
      <main id="main" tabIndex={-1} ref={main}>
        <Outlet />
      </main>
    </div>
  );
}
