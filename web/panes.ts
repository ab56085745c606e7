// On a phone the lesson, the terminal and the map do not fit side by side: the workspace shows one pane at a time
// and a bar at the bottom switches between them (a thumb reaches it). On a wide screen the bar is hidden and every
// pane is shown; the choice is kept in data-pane on the workspace, which the stylesheet reads.
export type PaneName = 'lesson' | 'terminal' | 'map';

export function initPanes(workspace: HTMLElement, onShow: (pane: PaneName) => void): (pane: PaneName) => void {
  const buttons = [...workspace.querySelectorAll<HTMLButtonElement>('[data-show-pane]')];
  const show = (pane: PaneName) => {
    workspace.dataset.pane = pane;
    for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.showPane === pane));
    onShow(pane);
  };
  for (const b of buttons) b.addEventListener('click', () => show(b.dataset.showPane as PaneName));
  show((workspace.dataset.pane as PaneName) || 'lesson');
  return show;
}

/** Whether the panes are stacked (one at a time): the switch bar is displayed. */
export function panesStacked(workspace: HTMLElement): boolean {
  const bar = workspace.querySelector<HTMLElement>('.pane-switch');
  return !!bar && getComputedStyle(bar).display !== 'none';
}
