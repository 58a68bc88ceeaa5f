import { useEffect, useRef, useState } from 'preact/hooks';
import { navigate } from '../lib/router';

/** Opens a trace by its id (32 hex digits) or an agent's lineage by its instance id; "/" focuses it. */
export function JumpBox() {
  const [value, setValue] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (event.key === '/' && !['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) {
        event.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const submit = (event: Event) => {
    event.preventDefault();
    const id = value.trim();
    if (!id) return;
    navigate(/^[0-9a-fA-F]{32}$/.test(id) ? `/traces/${id.toLowerCase()}` : `/agents/${encodeURIComponent(id)}`);
    setValue('');
  };
  return (
    <form class="jump" role="search" onSubmit={submit}>
      <input ref={input} type="search" aria-label="Trace id or agent instance id" value={value}
        placeholder="Trace id or instance id  ( / )" onInput={(e) => setValue((e.target as HTMLInputElement).value)} />
    </form>
  );
}
