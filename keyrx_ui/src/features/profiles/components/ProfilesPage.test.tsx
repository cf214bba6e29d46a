import { fireEvent, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ProfilesPage } from '@/features/profiles/components/ProfilesPage';
import { json } from '@/test/fakeServer';
import { daemon, profile } from '@/test/fixtures';
import { MockWebSocket } from '@/test/mockWebSocket';
import { renderPage } from '@/test/render';

beforeEach(() => MockWebSocket.reset());

describe('Profiles', () => {
  it('creates a profile from an example', async () => {
    const view = renderPage(<ProfilesPage />, {
      handler: daemon((r) => (r.method === 'POST' && r.path === '/api/v1/profiles' ? json({ ...profile, name: 'home' }, 201) : undefined)),
      path: '/profiles',
    });
    await screen.findByRole('option', { name: 'Example: numpad' });
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'home' } });
    fireEvent.change(screen.getByLabelText('Start from'), { target: { value: 'numpad' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('Created home.')).toBeInTheDocument();
    const post = view.server.requests.find((r) => r.method === 'POST');
    expect(post?.body).toEqual({ name: 'home', example: 'numpad' });
  });

  it('renames with the ETag and duplicates', async () => {
    const view = renderPage(<ProfilesPage />, {
      handler: daemon((r) => (r.method === 'POST' ? json(profile, r.path.endsWith('duplicate') ? 201 : 200) : undefined)),
      path: '/profiles',
    });
    const row = (await screen.findByText('work')).closest('li') as HTMLElement;
    fireEvent.click(within(row).getByRole('button', { name: 'Rename' }));
    fireEvent.change(within(row).getByLabelText('Rename work to'), { target: { value: 'office' } });
    fireEvent.click(within(row).getAllByRole('button', { name: 'Rename' })[1] as HTMLElement);
    expect(await screen.findByText('Renamed work to office.')).toBeInTheDocument();
    const rename = view.server.requests.find((r) => r.path.endsWith('/rename'));
    expect(rename?.body).toEqual({ to: 'office' });
    expect(rename?.headers['if-match']).toBe(profile.etag);

    fireEvent.click(within(row).getByRole('button', { name: 'Duplicate' }));
    fireEvent.click(within(row).getAllByRole('button', { name: 'Duplicate' })[1] as HTMLElement);
    expect(await screen.findByText('Copied work to work-copy.')).toBeInTheDocument();
  });

  it('does not offer to delete or re-activate the running profile', async () => {
    renderPage(<ProfilesPage />, { handler: daemon(), path: '/profiles' });
    const row = (await screen.findByText('work')).closest('li') as HTMLElement;
    expect(within(row).getByRole('button', { name: 'Delete' })).toBeDisabled();
    expect(within(row).getByRole('button', { name: 'Activate' })).toBeDisabled();
  });

  it('deletes after confirmation, with the ETag', async () => {
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const view = renderPage(<ProfilesPage />, {
      handler: daemon((r) => {
        if (r.method === 'DELETE') return new Response(null, { status: 204 });
        if (r.path === '/api/v1/profiles') return json({ active: null, profiles: [{ ...profile, active: false, file: null }] });
        return undefined;
      }),
      path: '/profiles',
    });
    const row = (await screen.findByText('work')).closest('li') as HTMLElement;
    fireEvent.click(within(row).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('Deleted work.')).toBeInTheDocument();
    expect(view.server.requests.find((r) => r.method === 'DELETE')?.headers['if-match']).toBe(profile.etag);
  });

  it('shows the config file as a profile that is edited here but not renamed or deleted', async () => {
    const summary = { name: 'config', etag: '"c1"', size: 12, modified_ms: 1_795_792_174_737, active: true, file: '/etc/keyrx/config.rhai' };
    renderPage(<ProfilesPage />, {
      handler: daemon((r) => (r.path === '/api/v1/profiles' ? json({ active: 'config', profiles: [summary] }) : undefined)),
      path: '/profiles',
    });
    const row = (await screen.findByText('config')).closest('li') as HTMLElement;
    expect(within(row).getByText('config file')).toHaveAttribute('title', expect.stringContaining('/etc/keyrx/config.rhai'));
    expect(within(row).getByRole('link', { name: 'Edit' })).toBeInTheDocument();
    expect(within(row).getByRole('button', { name: 'Rename' })).toBeDisabled();
    expect(within(row).getByRole('button', { name: 'Delete' })).toBeDisabled();
  });
});
