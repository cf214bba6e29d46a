import { useId, useState, type FormEvent } from 'react';
import { useApi } from '@/lib/services';
import { NAME_PATTERN, createProfile, useExamples } from '@/features/profiles/api/profiles';

export function CreateProfile({ perform }: { perform: (action: (signal: AbortSignal) => Promise<unknown>, success: string) => Promise<boolean> }) {
  const api = useApi();
  const examples = useExamples();
  const [name, setName] = useState('');
  const [example, setExample] = useState('');
  const nameId = useId();
  const exampleId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const ok = await perform((signal) => createProfile(api, name, example || null, signal), `Created ${name}.`);
    if (ok) setName('');
  }

  return (
    <form className="card row wrap" onSubmit={(event) => void submit(event)} aria-label="Create a profile">
      <h2 className="full">New profile</h2>
      <label htmlFor={nameId}>Name</label>
      <input id={nameId} required pattern={NAME_PATTERN} value={name} onChange={(e) => setName(e.target.value)} title="Letters, digits, _ . - (up to 64)" />
      <label htmlFor={exampleId}>Start from</label>
      <select id={exampleId} value={example} onChange={(e) => setExample(e.target.value)}>
        <option value="">An empty layer</option>
        {examples.data?.examples.map((e) => (
          <option key={e} value={e}>
            Example: {e}
          </option>
        ))}
      </select>
      <button type="submit">Create</button>
    </form>
  );
}
