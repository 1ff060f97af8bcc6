import { EMBED_PATH, embedSearch, type EmbedParams } from '../../embed/embedParams.js';

/** Sizes a news page is likely to want; the embed fills whichever it is given. */
export const SIZE_PRESETS = {
  small: { width: 400, height: 300 },
  medium: { width: 600, height: 400 },
  large: { width: 800, height: 600 },
  fluid: { width: '100%', height: 450 },
} as const;

export type SizePreset = keyof typeof SIZE_PRESETS;

export interface EmbedSize {
  width: number | string;
  height: number;
}

/** The embed's full address on this server. */
export function embedUrl(origin: string, params: EmbedParams): string {
  return `${origin}${EMBED_PATH}${embedSearch(params)}`;
}

function attribute(value: string | number): string {
  return String(value).replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}

/** The HTML a news page pastes in: lazy, borderless, with a title for screen readers. */
export function iframeSnippet(src: string, size: EmbedSize, title: string): string {
  return (
    `<iframe src="${attribute(src)}" width="${attribute(size.width)}" height="${attribute(size.height)}" ` +
    `style="border:0" loading="lazy" title="${attribute(title)}" allowfullscreen></iframe>`
  );
}
