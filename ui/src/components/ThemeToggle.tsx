import { useState } from 'preact/hooks';
import { getTheme, setTheme, type Theme } from '../lib/settings';

/** Light or dark; the first choice is the system's. */
export function ThemeToggle() {
  const [theme, set] = useState<Theme>(getTheme());
  const next: Theme = theme === 'dark' ? 'light' : 'dark';
  return (
    <button type="button" aria-label={`Switch to ${next} theme`} title={`Switch to ${next} theme`}
      onClick={() => { setTheme(next); set(next); }}>
      {theme === 'dark' ? '☀ Light' : '☾ Dark'}
    </button>
  );
}
