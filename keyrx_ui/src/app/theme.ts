// Light/dark theme: follows the system unless the user picked one, remembered per browser.
import { useEffect, useState } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'keyrx.theme';

function stored(): ThemeChoice {
  const value = window.localStorage.getItem(KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

export function useTheme(): [ThemeChoice, () => void] {
  const [choice, setChoice] = useState<ThemeChoice>(stored);
  useEffect(() => {
    const root = document.documentElement;
    if (choice === 'system') {
      root.removeAttribute('data-theme');
      window.localStorage.removeItem(KEY);
    } else {
      root.setAttribute('data-theme', choice);
      window.localStorage.setItem(KEY, choice);
    }
  }, [choice]);
  const next = () => setChoice((c) => (c === 'system' ? 'light' : c === 'light' ? 'dark' : 'system'));
  return [choice, next];
}
