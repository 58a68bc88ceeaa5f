import { useState } from 'preact/hooks';
import { getToken, setToken } from '../lib/settings';

/** The API token (Bearer), kept in this browser; needed when Wake runs with WAKE_COLLECTOR_TOKENS_FILE. */
export function TokenControl({ onChange }: { onChange: () => void }) {
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState(getToken());
  const save = (event: Event) => {
    event.preventDefault();
    setToken(value);
    setOpen(false);
    onChange();
  };
  return (
    <div class="token-control">
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}
        title="The API token sent as Authorization: Bearer">
        Token: {getToken() ? 'set' : 'none'}
      </button>
      {open && (
        <form class="popover" onSubmit={save} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          <label for="token-input">API token (Bearer), kept in this browser</label>
          <input id="token-input" type="password" autoComplete="off" value={value}
            onInput={(e) => setValue((e.target as HTMLInputElement).value)} autoFocus />
          <div class="row">
            <button type="submit" class="primary">Save</button>
            <button type="button" onClick={() => { setValue(''); setToken(''); setOpen(false); onChange(); }}>Clear</button>
          </div>
        </form>
      )}
    </div>
  );
}
