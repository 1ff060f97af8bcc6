import { describe, expect, it } from 'vitest';
import { parseEmbedParams, type EmbedParams } from '../../embed/embedParams.js';
import { embedUrl, iframeSnippet, SIZE_PRESETS } from './snippet.js';

const params: EmbedParams = { area: 33, kinds: ['streetlight', 'drainage'], statuses: ['in_progress'], lang: 'zh-CN' };

describe('the iframe snippet', () => {
  it('carries the filters and the language in the embed address', () => {
    expect(embedUrl('https://map.example.cn', params)).toBe('https://map.example.cn/embed?area=33&kinds=streetlight,drainage&status=in_progress&lang=zh');
  });

  it('leaves out what is not filtered, but always says the language', () => {
    expect(embedUrl('http://127.0.0.1:3000', { kinds: [], statuses: [], lang: 'en' })).toBe('http://127.0.0.1:3000/embed?lang=en');
  });

  it('is HTML whose src attribute reads back as the address', () => {
    const src = embedUrl('https://map.example.cn', params);
    const html = iframeSnippet(src, SIZE_PRESETS.medium, '民生地图');
    expect(html).toBe(
      '<iframe src="https://map.example.cn/embed?area=33&amp;kinds=streetlight,drainage&amp;status=in_progress&amp;lang=zh" ' +
        'width="600" height="400" style="border:0" loading="lazy" title="民生地图" allowfullscreen></iframe>',
    );
    const written = /src="([^"]*)"/.exec(html)![1]!.replaceAll('&amp;', '&');
    expect(written).toBe(src);
  });

  it('round-trips through the embed page\'s own reading of its address', () => {
    const search = new URL(embedUrl('https://map.example.cn', params)).search;
    expect(parseEmbedParams(search, () => undefined)).toEqual(params);
  });

  it('escapes a title that would end the attribute', () => {
    expect(iframeSnippet('https://x/embed', SIZE_PRESETS.fluid, 'a "b" & <c>')).toContain('width="100%" height="450"');
    expect(iframeSnippet('https://x/embed', SIZE_PRESETS.fluid, 'a "b" & <c>')).toContain('title="a &quot;b&quot; &amp; &lt;c>"');
  });
});
