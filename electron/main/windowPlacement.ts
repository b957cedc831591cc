// Where the tray window goes: next to the tray icon, on the side away from the taskbar or menu
// bar, and never outside the work area of the display that holds the icon. Pure, so every
// taskbar position can be tested without a screen.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export type TaskbarEdge = 'top' | 'bottom' | 'left' | 'right';

export interface PlacementInput {
  /** The tray icon's bounds; empty (0×0) where the platform does not report them (most of Linux). */
  trayBounds: Rect | null;
  /** The display's full bounds and its work area (bounds minus taskbar, dock, menu bar). */
  displayBounds: Rect;
  workArea: Rect;
  windowSize: Size;
  /** The pointer at the click: the best anchor left when the tray bounds are unknown. */
  cursor?: Point | null;
  /** macOS puts its menu bar, and so the tray, at the top whatever the work area says. */
  platform?: NodeJS.Platform;
}

/** A gap between the window and the taskbar, so the window does not look glued to it. */
export const PLACEMENT_GAP = 4;

function isEmpty(r: Rect | null | undefined): r is null | undefined {
  return !r || r.width <= 0 || r.height <= 0;
}

function clamp(v: number, min: number, max: number): number {
  // A window larger than the work area keeps its top/left edge visible.
  return Math.max(min, Math.min(v, max));
}

/**
 * Which edge the taskbar sits on: where the work area is shorter than the display; when it is not
 * (an auto-hiding taskbar, a Linux panel that reserves no space), the display edge nearest the anchor.
 */
export function taskbarEdge(displayBounds: Rect, workArea: Rect, anchor: Point | null, platform?: NodeJS.Platform): TaskbarEdge {
  if (platform === 'darwin') return 'top';
  const d = displayBounds;
  const w = workArea;
  const gaps: Record<TaskbarEdge, number> = {
    top: w.y - d.y,
    bottom: d.y + d.height - (w.y + w.height),
    left: w.x - d.x,
    right: d.x + d.width - (w.x + w.width),
  };
  const reserved = (Object.keys(gaps) as TaskbarEdge[]).filter((e) => gaps[e] > 0).sort((a, b) => gaps[b] - gaps[a]);
  if (reserved.length === 1 || (reserved.length > 1 && !anchor)) return reserved[0]!;
  if (anchor) {
    const distances: Record<TaskbarEdge, number> = {
      top: Math.abs(anchor.y - d.y),
      bottom: Math.abs(d.y + d.height - anchor.y),
      left: Math.abs(anchor.x - d.x),
      right: Math.abs(d.x + d.width - anchor.x),
    };
    // Among the reserved edges (GNOME's top bar plus a dock, say) pick the one the icon is on.
    const candidates = reserved.length > 0 ? reserved : (Object.keys(distances) as TaskbarEdge[]);
    return candidates.reduce((best, e) => (distances[e] < distances[best] ? e : best));
  }
  return 'bottom';
}

/** The top-left corner of the tray window, in screen coordinates (integers). */
export function placeTrayWindow(input: PlacementInput): Point {
  const { displayBounds, workArea: wa, windowSize: size } = input;
  const tray = isEmpty(input.trayBounds) ? null : input.trayBounds;
  const anchor: Point | null = tray
    ? { x: tray.x + tray.width / 2, y: tray.y + tray.height / 2 }
    : (input.cursor ?? null);

  const maxX = wa.x + wa.width - size.width;
  const maxY = wa.y + wa.height - size.height;

  if (!anchor) {
    // Nothing to anchor to: the corner where trays usually live (top right on macOS and GNOME-likes,
    // bottom right on Windows and KDE), judged by where the work area leaves room.
    const edge = taskbarEdge(displayBounds, wa, null, input.platform);
    const y = edge === 'top' ? wa.y + PLACEMENT_GAP : maxY - PLACEMENT_GAP;
    return { x: Math.round(clamp(maxX - PLACEMENT_GAP, wa.x, maxX)), y: Math.round(clamp(y, wa.y, maxY)) };
  }

  const edge = taskbarEdge(displayBounds, wa, anchor, input.platform);
  let x: number;
  let y: number;
  switch (edge) {
    case 'top':
      x = anchor.x - size.width / 2;
      y = Math.max(wa.y, tray ? tray.y + tray.height : anchor.y) + PLACEMENT_GAP;
      break;
    case 'bottom':
      x = anchor.x - size.width / 2;
      y = Math.min(wa.y + wa.height, tray ? tray.y : anchor.y) - size.height - PLACEMENT_GAP;
      break;
    case 'left':
      x = Math.max(wa.x, tray ? tray.x + tray.width : anchor.x) + PLACEMENT_GAP;
      y = anchor.y - size.height / 2;
      break;
    case 'right':
      x = Math.min(wa.x + wa.width, tray ? tray.x : anchor.x) - size.width - PLACEMENT_GAP;
      y = anchor.y - size.height / 2;
      break;
  }
  return { x: Math.round(clamp(x, wa.x, maxX)), y: Math.round(clamp(y, wa.y, maxY)) };
}
