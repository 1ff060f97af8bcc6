/** The first-day checklist's words (i18next namespace "onboarding"): Chinese first, English the same shape. */
export const onboardingZhCN = {
  intro: '新区县上线的顺序:先有区域,再有单位和人员,然后是小区、道路等参考图层,最后导入台账。每一步都可以随时回来补充或更新。',
  demo: '当前载入的是演示数据(虚构);正式使用前请以 DEMO_DATA=off 启动空数据库。',
  loading: '正在统计…',
  district: '区县',
  allDistricts: '全部区县',
  done: '已完成',
  todo: '待完成',
  go: '去导入',
  steps: {
    areas: { title: '1. 行政区域边界', detail: '区县 {{districts}} 个,街道/乡镇 {{streets}} 个,社区/村 {{communities}} 个', how: '导入民政或自然资源部门的 Shapefile、GeoJSON 或 KML。' },
    units: { title: '2. 责任单位', detail: '{{units}} 个单位,其中 {{short}} 个登记了简称', how: '导入单位名录(含简称,如“区城管局”),台账中的简称即可自动对应。' },
    staff: { title: '3. 人员', detail: '管理员 {{admin}},规划员 {{planner}},责任单位账号 {{unit}},领导 {{leader}}', how: '导入人员名单,初始密码只显示一次,请及时发给本人。' },
    layers: { title: '4. 参考图层', detail: '小区 {{compounds}} 个,道路 {{roads}} 条', how: '导入小区名录(地址、户数、建成年份、位置),老旧小区项目据此取得轮廓,覆盖分析据此计算。' },
    ledgers: { title: '5. 台账', detail: '已导入台账 {{ledgers}} 本,项目 {{projects}} 个,待定位 {{unplaced}} 行', how: '由规划员在地图页顶部点击“导入台账”;简称、缺失的完成时间等会在预览中提示。' },
    basemap: { title: '6. 底图', detail: '当前底图:{{basemap}}', how: '底图由服务器配置(BASEMAP 环境变量),见运维手册“配置”一章。' },
  },
  basemaps: { none: '无(仅显示区域和参考图层)', osm: 'OpenStreetMap', tianditu: '天地图' },
};

export const onboardingEn: typeof onboardingZhCN = {
  intro: 'A new district goes live in this order: areas first, then units and staff, then reference layers such as compounds and roads, and the ledgers last. Any step can be revisited to add or update.',
  demo: 'The made-up demo data is loaded; start on an empty database with DEMO_DATA=off before real use.',
  loading: 'Counting…',
  district: 'District',
  allDistricts: 'All districts',
  done: 'done',
  todo: 'to do',
  go: 'Import',
  steps: {
    areas: { title: '1. Area boundaries', detail: '{{districts}} districts, {{streets}} streets and towns, {{communities}} communities and villages', how: 'Import the civil-affairs or natural-resources bureau’s Shapefile, GeoJSON or KML.' },
    units: { title: '2. Responsible units', detail: '{{units}} units, {{short}} with short names', how: 'Import the units list with short names (such as 区城管局), so ledgers that use them resolve.' },
    staff: { title: '3. Staff', detail: '{{admin}} administrators, {{planner}} planners, {{unit}} unit accounts, {{leader}} leaders', how: 'Import the staff list; initial passwords are shown once: hand them over.' },
    layers: { title: '4. Reference layers', detail: '{{compounds}} compounds, {{roads}} roads', how: 'Import the compounds list (address, households, year built, position): compound projects take their outlines from it, and coverage is measured on it.' },
    ledgers: { title: '5. Ledgers', detail: '{{ledgers}} ledgers imported, {{projects}} projects, {{unplaced}} rows waiting to be placed', how: 'Planners use “Import ledger” at the top of the map; short names and missing days are flagged in the preview.' },
    basemap: { title: '6. Basemap', detail: 'Basemap: {{basemap}}', how: 'The server sets the basemap (the BASEMAP variable): see Operations → Configuration.' },
  },
  basemaps: { none: 'none (areas and reference layers only)', osm: 'OpenStreetMap', tianditu: 'Tianditu' },
};
