import { useDevices } from '@/features/devices/api/devices';
import type { AvailableDevice, DeviceWire } from '@/lib/wire';

/** Whether keyrx remaps this device now: the daemon reports attached devices by identity. */
function remapped(device: AvailableDevice, attached: DeviceWire[]): boolean {
  return attached.some(
    (a) => a.name === device.info.name && a.phys === device.info.phys && a.uniq === device.info.uniq,
  );
}

export function DevicesPage() {
  const devices = useDevices();
  const data = devices.data;
  return (
    <>
      <h1>Devices</h1>
      {devices.isPending && <p>Loading…</p>}
      {devices.error && <p role="alert" className="error">{devices.error.message}</p>}
      {data && (
        <>
          <section aria-labelledby="attached-title" className="card">
            <h2 id="attached-title">Attached (remapped by keyrx)</h2>
            {data.attached.length === 0 ? (
              <p className="muted">No device is attached.</p>
            ) : (
              <table className="stacking">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Vendor:product</th>
                    <th scope="col">Physical path</th>
                    <th scope="col">Config block</th>
                  </tr>
                </thead>
                <tbody>
                  {data.attached.map((d) => (
                    <tr key={d.id}>
                      <td data-label="Name">{d.name}</td>
                      <td data-label="Vendor:product">{d.vendor_product}</td>
                      <td data-label="Physical path">{d.phys || '—'}</td>
                      <td data-label="Config block">{d.block}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section aria-labelledby="available-title" className="card">
            <div className="row">
              <h2 id="available-title">Available input devices with keys</h2>
              <button type="button" onClick={() => void devices.refetch()} disabled={devices.isFetching}>
                {devices.isFetching ? 'Refreshing…' : 'Refresh'}
              </button>
            </div>
            {data.available.length === 0 ? (
              <p className="muted">None found (the virtual backend lists none).</p>
            ) : (
              <table className="stacking">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Path</th>
                    <th scope="col">Keyboard</th>
                    <th scope="col">Matches block</th>
                    <th scope="col">Remapped now</th>
                  </tr>
                </thead>
                <tbody>
                  {data.available.map((d) => (
                    <tr key={d.path}>
                      <td data-label="Name">{d.info.name}</td>
                      <td data-label="Path">{d.path}</td>
                      <td data-label="Keyboard">{d.keyboard ? 'yes' : 'no'}</td>
                      <td data-label="Matches block">{d.block ?? '—'}</td>
                      <td data-label="Remapped now">{remapped(d, data.attached) ? 'yes' : 'no'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </>
  );
}
