/** Reads a colour variable of the current theme (charts draw on canvas and need real values). */
export function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

/** Line colours that read on both themes. */
export const PALETTE = ['#2f6fde', '#e0702b', '#2e9d5b', '#c23d8a', '#7c5cd6', '#b7991f', '#1aa3a3', '#d63d3d', '#6b7a8f', '#8d6e3f'];

export const THEME_CHANGE = 'wake:theme';
