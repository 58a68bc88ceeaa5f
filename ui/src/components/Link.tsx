import type { ComponentChildren } from 'preact';
import { navigate } from '../lib/router';

interface Props {
  href: string;
  children: ComponentChildren;
  class?: string;
  title?: string;
  style?: Record<string, string>;
  'aria-current'?: 'page' | undefined;
}

/** An anchor that navigates inside the UI; modified clicks (new tab, ...) stay the browser's. */
export function Link({ href, children, ...rest }: Props) {
  const onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={onClick} {...rest}>{children}</a>;
}
