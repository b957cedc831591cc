// The gallery of ready hooks: connectivity, target present, battery, AC power, metered network,
// Wi-Fi allowlist, healthchecks.io ping, desktop notification — for Linux, macOS and Windows.
export { galleryItems, galleryPlatform, flavourFor, GALLERY_IDS } from './galleryCatalog';
export { galleryItem, hookFromGallery, GalleryError, type GalleryHookOptions } from './galleryHook';
export { POSIX_SCRIPTS, type GalleryScriptId } from './posixScripts';
export { WINDOWS_SCRIPTS } from './windowsScripts';
