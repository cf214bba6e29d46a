import type { Diagnostic } from '@/lib/wire';

export function DiagnosticList({ diagnostics, title }: { diagnostics: Diagnostic[]; title: string }) {
  if (diagnostics.length === 0) return null;
  return (
    <section aria-label={title} className="diagnostics">
      <h3>{title}</h3>
      <ul>
        {diagnostics.map((d, index) => (
          <li key={index} className={`diag ${d.severity}`}>
            <strong>{d.severity}</strong>
            {d.span && ` line ${d.span.line}:${d.span.column}`}: {d.message}
            {d.help && <div className="help">help: {d.help}</div>}
            {d.notes?.map((note) => (
              <div key={note} className="note">
                note: {note}
              </div>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}
