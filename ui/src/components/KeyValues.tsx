/** Attributes as a two-column table, keys sorted; "none" when empty. */
export function KeyValues({ values, label }: { values: Record<string, string>; label: string }) {
  const keys = Object.keys(values).sort();
  if (keys.length === 0) return <p class="muted small">No {label.toLowerCase()}.</p>;
  return (
    <table class="kv" aria-label={label}>
      <tbody>
        {keys.map((key) => (
          <tr key={key}>
            <th scope="row">{key}</th>
            <td>{values[key]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
