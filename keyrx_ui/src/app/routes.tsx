// Routes. Pages load on demand so the editor (CodeMirror) and the chart (uPlot) only cost
// bandwidth on the pages that show them.
import { lazy, Suspense, type ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import { Shell } from '@/app/Shell';

const DashboardPage = lazy(() => import('@/features/dashboard/components/DashboardPage').then((m) => ({ default: m.DashboardPage })));
const MonitorPage = lazy(() => import('@/features/monitor/components/MonitorPage').then((m) => ({ default: m.MonitorPage })));
const ConfigPage = lazy(() => import('@/features/config/components/ConfigPage').then((m) => ({ default: m.ConfigPage })));
const SimulatorPage = lazy(() => import('@/features/simulator/components/SimulatorPage').then((m) => ({ default: m.SimulatorPage })));
const ProfilesPage = lazy(() => import('@/features/profiles/components/ProfilesPage').then((m) => ({ default: m.ProfilesPage })));
const DevicesPage = lazy(() => import('@/features/devices/components/DevicesPage').then((m) => ({ default: m.DevicesPage })));

function Page({ children }: { children: ReactNode }) {
  return <Suspense fallback={<p role="status">Loading…</p>}>{children}</Suspense>;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Shell />}>
        <Route index element={<Page><DashboardPage /></Page>} />
        <Route path="monitor" element={<Page><MonitorPage /></Page>} />
        <Route path="config" element={<Page><ConfigPage /></Page>} />
        <Route path="config/:name" element={<Page><ConfigPage /></Page>} />
        <Route path="simulator" element={<Page><SimulatorPage /></Page>} />
        <Route path="profiles" element={<Page><ProfilesPage /></Page>} />
        <Route path="devices" element={<Page><DevicesPage /></Page>} />
        <Route path="*" element={<p>There is no such page.</p>} />
      </Route>
    </Routes>
  );
}
