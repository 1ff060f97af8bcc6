import { defineConfig } from 'vitepress';

/**
 * The Minsheng Map book. Built offline: the default theme's fonts ship inside
 * VitePress, search is local (an index built with the pages), and nothing
 * here names a CDN or an outside script.
 */
export default defineConfig({
  lang: 'zh-CN',
  title: '民生地图',
  titleTemplate: ':title · 民生地图文档',
  description: '民生地图 Minsheng Map:区县民生实事项目的地图、闭环与督办 —— 用户手册、运维、接口、开发与性能',
  srcExclude: ['scripts/**'],
  lastUpdated: false,
  themeConfig: {
    siteTitle: '民生地图 文档',
    nav: [
      { text: '用户手册', link: '/guide/' },
      { text: '运维', link: '/operations/install' },
      { text: '接口', link: '/interfaces/' },
      { text: '开发', link: '/development/architecture' },
      { text: '性能', link: '/performance/' },
      { text: '设计提案', link: '/proposals/' },
    ],
    sidebar: {
      '/guide/': [
        {
          text: '用户手册 User guide',
          items: [
            { text: '概览:地图、角色与闭环', link: '/guide/' },
            { text: '公众 Public', link: '/guide/public' },
            { text: '规划员 Planner', link: '/guide/planner' },
            { text: '导入与导出台账', link: '/guide/ledgers' },
            { text: '责任单位 Unit', link: '/guide/unit' },
            { text: '领导 Leader:督办看板与周通报', link: '/guide/leader' },
            { text: '管理员 Admin', link: '/guide/admin' },
            { text: '新区县上线第一天', link: '/guide/first-day' },
            { text: '覆盖率与缺口', link: '/guide/coverage' },
          ],
        },
      ],
      '/operations/': [
        {
          text: '运维 Operations',
          items: [
            { text: '安装与启动', link: '/operations/install' },
            { text: '配置(环境变量)', link: '/operations/configuration' },
            { text: 'PostgreSQL / PostGIS', link: '/operations/postgresql' },
            { text: '备份与恢复', link: '/operations/backup' },
            { text: '升级与迁移', link: '/operations/upgrades' },
            { text: '安全', link: '/operations/security' },
            { text: '限额', link: '/operations/limits' },
            { text: '停止、崩溃与维护', link: '/operations/running' },
          ],
        },
      ],
      '/interfaces/': [
        {
          text: '接口 Interfaces',
          items: [
            { text: 'HTTP API', link: '/interfaces/' },
            { text: 'OGC API – Features', link: '/interfaces/ogc' },
            { text: 'Open311 GeoReport v2', link: '/interfaces/open311' },
            { text: '矢量瓦片 Vector tiles', link: '/interfaces/tiles' },
            { text: '嵌入 Embedding', link: '/interfaces/embed' },
          ],
        },
      ],
      '/development/': [
        {
          text: '开发 Development',
          items: [
            { text: '架构', link: '/development/architecture' },
            { text: '一个请求从头到尾', link: '/development/request' },
            { text: '新增一种项目类型', link: '/development/kind' },
            { text: '新增一条路由', link: '/development/route' },
            { text: '新增一个迁移', link: '/development/migration' },
            { text: '两种数据库', link: '/development/databases' },
            { text: '测试分层', link: '/development/testing' },
            { text: '演示数据', link: '/development/demo-data' },
            { text: '派生数据:累计表与充电距离', link: '/development/tallies' },
          ],
        },
      ],
      '/performance/': [
        {
          text: '性能 Performance',
          items: [
            { text: '基准测试结果', link: '/performance/' },
            { text: '负载测试结果', link: '/performance/load' },
          ],
        },
      ],
      '/proposals/': [
        {
          text: '设计提案 Proposals',
          items: [
            { text: '提案说明', link: '/proposals/' },
            { text: 'Citus:超出一台服务器', link: '/proposals/citus' },
          ],
        },
      ],
    },
    outline: { level: [2, 3], label: '本页目录' },
    docFooter: { prev: '上一页', next: '下一页' },
    darkModeSwitchLabel: '外观',
    sidebarMenuLabel: '目录',
    returnToTopLabel: '回到顶部',
    search: {
      provider: 'local',
      options: {
        translations: {
          button: { buttonText: '搜索', buttonAriaLabel: '搜索' },
          modal: { noResultsText: '没有找到', resetButtonTitle: '清除', footer: { selectText: '选择', navigateText: '切换', closeText: '关闭' } },
        },
      },
    },
  },
});
