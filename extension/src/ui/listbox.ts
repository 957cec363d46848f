import { useEffect } from "preact/hooks";

/** The next highlighted index after moving by `delta`, wrapping around the ends like a native listbox. */
export function moveIndex(index: number, delta: number, count: number): number {
  if (count <= 0) return -1;
  const from = index < 0 ? (delta > 0 ? -1 : 0) : index;
  return (((from + delta) % count) + count) % count;
}

/**
 * The keys of a combobox that drives a listbox while focus stays in its input: arrows move the
 * highlight, Home/End jump, Enter chooses. Returns true when the key was handled (then the caller's
 * default is prevented here).
 */
export function handleListboxKey(
  event: KeyboardEvent,
  list: { move: (delta: number) => void; jump: (to: "first" | "last") => void; choose: () => void },
): boolean {
  if (event.key === "ArrowDown") list.move(1);
  else if (event.key === "ArrowUp") list.move(-1);
  else if (event.key === "Home" && event.ctrlKey) list.jump("first");
  else if (event.key === "End" && event.ctrlKey) list.jump("last");
  else if (event.key === "Enter") list.choose();
  else return false;
  event.preventDefault();
  return true;
}

/** The id of a listbox's option, for aria-activedescendant. */
export const optionId = (listId: string, index: number) => `${listId}-option-${index}`;

/** Focus stays in the input, so the highlighted option is scrolled into view by hand. */
export function useActiveOptionInView(listId: string, index: number): void {
  useEffect(() => {
    if (index >= 0) document.getElementById(optionId(listId, index))?.scrollIntoView({ block: "nearest" });
  }, [listId, index]);
}
