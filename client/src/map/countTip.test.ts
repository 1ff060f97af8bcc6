import { describe, expect, it } from 'vitest';
import { i18next } from '../i18n/index.js';
import { countTipText } from './countTip.js';

describe('countTipText', () => {
  it('says how many projects a count holds and how many of them are overdue, in Chinese first', () => {
    const zh = i18next.getFixedT('zh-CN');
    expect(countTipText(zh, { point_count: 1234, overdue_count: 56 })).toBe('1,234 个项目,其中 56 个逾期 · 点击放大');
    expect(countTipText(zh, { point_count: 5, overdue_count: 0 })).toBe('5 个项目,无逾期 · 点击放大');
  });

  it('says the same in English', () => {
    const en = i18next.getFixedT('en');
    expect(countTipText(en, { point_count: 12, overdue_count: 3 })).toBe('12 projects, 3 overdue · click to zoom in');
    expect(countTipText(en, { point_count: 12, overdue_count: 0 })).toBe('12 projects, none overdue · click to zoom in');
  });
});
