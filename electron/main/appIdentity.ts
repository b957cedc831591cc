// The app's identity as the OS knows it. Must equal `appId` in electron-builder.yml: Windows shows
// an app's notifications only when the running process claims the AppUserModelID that the
// installer's Start Menu shortcut carries.
export const APP_ID = 'org.hookgate.app';
export const PRODUCT_NAME = 'Hookgate';
