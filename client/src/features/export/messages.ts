/** The export menu's words (i18next namespace "export"): Chinese first, English the same shape. */
export const exportZhCN = {
  open: '导出',
  label: '导出当前筛选的项目',
  intro: '导出地图和列表当前显示的 {{count, number}} 个项目(与筛选条件一致)。',
  formats: {
    xlsx: '导出 Excel',
    csv: '导出 CSV',
    geojson: '导出 GeoJSON',
  },
  formatHints: {
    xlsx: '台账表格,可直接用 Excel / WPS 打开',
    csv: '逗号分隔的文本,兼容各类系统',
    geojson: '带坐标的地图数据,供 GIS 软件使用',
  },
};

export const exportEn: typeof exportZhCN = {
  open: 'Export',
  label: 'Export the projects the filters select',
  intro: 'Downloads what the map and the list show now: {{count, number}} project(s), same filters.',
  formats: {
    xlsx: 'Export Excel',
    csv: 'Export CSV',
    geojson: 'Export GeoJSON',
  },
  formatHints: {
    xlsx: 'A ledger table for Excel or WPS',
    csv: 'Comma-separated text for any system',
    geojson: 'Map data with coordinates, for GIS software',
  },
};
