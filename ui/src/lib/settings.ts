/** What the UI remembers in this browser: the API token and the colour theme. */
const TOKEN = 'wake.token';
const THEME = 'wake.theme';

export type Theme = 'light' | 'dark';

export function getToken(): string {
  return localStorage.getItem(TOKEN) ?? '';
}

export function setToken(token: string): void {
  if (token.trim()) localStorage.setItem(TOKEN, token.trim());
  else localStorage.removeItem(TOKEN);
}

/** The chosen theme, else the system's. */
export function getTheme(): Theme {
  const stored = localStorage.getItem(THEME);
  if (stored === 'light' || stored === 'dark') return stored;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function setTheme(theme: Theme): void {
  localStorage.setItem(THEME, theme);
  document.documentElement.dataset.theme = theme;
  window.dispatchEvent(new Event('wake:theme'));
}
