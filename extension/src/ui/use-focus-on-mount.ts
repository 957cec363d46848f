import type { RefObject } from "preact";
import { useEffect, useRef } from "preact/hooks";

/**
 * Focuses the element once it is mounted. The popup opens because the user clicked the toolbar
 * icon, so its one text field should take the keyboard; the `autofocus` attribute only works for
 * the first element of a document, and these fields appear after async work.
 */
export function useFocusOnMount<T extends HTMLElement>(): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}
