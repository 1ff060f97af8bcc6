import type { Language } from '../state/viewState.js';

/** The embed's words (i18next namespace "embed"): Chinese first, English the same shape. */
export const embedZhCN = {
  openApp: '民生地图',
  openAppTitle: '在新窗口打开完整的民生地图,显示同样的范围',
  legend: '图例',
  total: '{{count, number}} 个项目',
  noProjects: '没有符合条件的项目',
  loadFailed: '地图数据加载失败',
  retry: '重试',
  close: '关闭',
  card: '项目信息',
};

export const embedEn: typeof embedZhCN = {
  openApp: 'Minsheng Map',
  openAppTitle: 'Open the full Minsheng Map at this view in a new window',
  legend: 'Legend',
  total: '{{count, number}} projects',
  noProjects: 'No project matches',
  loadFailed: 'Could not load the map data',
  retry: 'Retry',
  close: 'Close',
  card: 'Project',
};

/** MapLibre's own words (its controls' titles, the gesture hint), by MapLibre's keys. */
export const MAPLIBRE_WORDS: Record<Language, Record<string, string>> = {
  'zh-CN': {
    'CooperativeGesturesHandler.WindowsHelpText': '按住 Ctrl 键并滚动鼠标滚轮以缩放地图',
    'CooperativeGesturesHandler.MacHelpText': '按住 ⌘ 键并滚动以缩放地图',
    'CooperativeGesturesHandler.MobileHelpText': '请用两根手指移动地图',
    'NavigationControl.ZoomIn': '放大',
    'NavigationControl.ZoomOut': '缩小',
    'NavigationControl.ResetBearing': '恢复正北方向',
    'FullscreenControl.Enter': '全屏',
    'FullscreenControl.Exit': '退出全屏',
    'AttributionControl.ToggleAttribution': '显示或隐藏数据来源',
  },
  en: {
    'CooperativeGesturesHandler.WindowsHelpText': 'Use Ctrl + scroll to zoom the map',
    'CooperativeGesturesHandler.MacHelpText': 'Use ⌘ + scroll to zoom the map',
    'CooperativeGesturesHandler.MobileHelpText': 'Use two fingers to move the map',
    'NavigationControl.ZoomIn': 'Zoom in',
    'NavigationControl.ZoomOut': 'Zoom out',
    'NavigationControl.ResetBearing': 'Reset bearing to north',
    'FullscreenControl.Enter': 'Enter fullscreen',
    'FullscreenControl.Exit': 'Exit fullscreen',
    'AttributionControl.ToggleAttribution': 'Toggle attribution',
  },
};
