// Whether the app runs as a native Wayland client. Electron 38 and later pick Wayland by themselves
// when WAYLAND_DISPLAY is set (ozone platform "auto"); `--ozone-platform=x11` or
// ELECTRON_OZONE_PLATFORM_HINT=x11 keep it on XWayland, where X11's window placement still works.

export function runsOnNativeWayland(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, argv: readonly string[]): boolean {
  if (platform !== 'linux' || !env.WAYLAND_DISPLAY) return false;
  const flag = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3).toLowerCase();
  const chosen = flag('ozone-platform') ?? flag('ozone-platform-hint') ?? env.ELECTRON_OZONE_PLATFORM_HINT?.toLowerCase();
  return chosen === undefined || chosen === '' || chosen === 'auto' || chosen === 'wayland';
}
