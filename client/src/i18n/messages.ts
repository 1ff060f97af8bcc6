/** The interface's words: Simplified Chinese first, English second. Components never hold literals. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const zhCN = {
  appTitle: '民生地图',
  appSubtitle: '民生实事项目一张图',
  demoBadge: '演示数据(虚构)',
  switchLanguage: 'English',
  legendTitle: '项目类型',
  loading: '正在加载…',
  loadFailed: '数据加载失败:',
  projectsShown: '共 {count} 个项目',
  overdue: '逾期 {count} 个',
};

export type Messages = typeof zhCN;

const en: Messages = {
  appTitle: 'Minsheng Map',
  appSubtitle: 'Livelihood projects on one map',
  demoBadge: 'Demo data (made up)',
  switchLanguage: '中文',
  legendTitle: 'Kinds of project',
  loading: 'Loading…',
  loadFailed: 'Could not load data: ',
  projectsShown: '{count} projects',
  overdue: '{count} overdue',
};

export const CATALOGUES: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

export function format(template: string, values: Record<string, string | number>, locale: Locale): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const v = values[key];
    return typeof v === 'number' ? v.toLocaleString(locale) : (v ?? '');
  });
}
