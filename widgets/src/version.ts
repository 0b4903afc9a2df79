// The widget's public version, reported by Ballast.liveblog.version and Ballast.banners.version.
export const WIDGET_VERSION = "1.1.0";
