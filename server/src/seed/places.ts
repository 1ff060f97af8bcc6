import type { KindCode } from '../domain/kinds/index.js';

/**
 * The made-up geography of the five districts of the articles: streets,
 * communities, responsible units and named road and compound names. Names the
 * articles use are kept as the articles spell them; everything else is
 * plausible invention. None of it is real administrative data, which is why
 * every row built from it is stored with is_demo = true.
 */

/** [Chinese name, pinyin] */
export type NamePair = readonly [string, string];

export interface StreetPlan {
  name: string;
  nameEn: string;
  /** Urban streets are clustered around the county seat and hold most compounds. */
  urban: boolean;
  /** Communities named in the articles; the rest are drawn from the pools below. */
  namedCommunities?: readonly NamePair[];
  /** 3–6 */
  communityCount: number;
}

export interface UnitPlan {
  name: string;
  nameEn: string;
  /** Kinds of project this unit takes on. */
  kinds: readonly KindCode[];
}

export interface NamedCompound {
  name: string;
  /** The community it sits in, when the article says so. */
  community?: string;
  /** The street it sits in, when the article names only the street. */
  street?: string;
  households: number;
  yearBuilt: number;
  buildings: number;
}

export interface DistrictPlan {
  code: string;
  name: string;
  /** Approximate county seat, [lon, lat]; checked against the boundary at load. */
  seat: readonly [number, number];
  /** How far from the seat the urban streets' seeds, compounds and roads reach. */
  urbanRadiusKm: number;
  streets: readonly StreetPlan[];
  units: readonly UnitPlan[];
  compoundCount: number;
  roadCount: number;
  projectCount: number;
  namedCompounds: readonly NamedCompound[];
  /** Road names, main roads first; the first few become 主干路. */
  roadNames: readonly string[];
}

const street = (name: string, nameEn: string, urban: boolean, communityCount: number, namedCommunities?: readonly NamePair[]): StreetPlan => ({
  name,
  nameEn,
  urban,
  communityCount,
  ...(namedCommunities ? { namedCommunities } : {}),
});

export const DISTRICT_PLANS: readonly DistrictPlan[] = [
  {
    code: '430407',
    name: '石鼓区',
    seat: [112.608, 26.912],
    urbanRadiusKm: 3.2,
    streets: [
      street('人民路街道', 'Renminlu Subdistrict', true, 5, [
        ['草桥社区', 'Caoqiao Community'],
        ['司前社区', 'Siqian Community'],
      ]),
      street('潇湘街道', 'Xiaoxiang Subdistrict', true, 5, [['西湖一村社区', 'Xihu Yicun Community']]),
      street('青山街道', 'Qingshan Subdistrict', true, 4),
      street('五一街道', 'Wuyi Subdistrict', true, 4),
      street('合江街道', 'Hejiang Subdistrict', true, 4),
      street('黄沙湾街道', 'Huangshawan Subdistrict', true, 4),
      street('角山街道', 'Jiaoshan Subdistrict', false, 5),
    ],
    units: [
      { name: '人民路街道办事处', nameEn: 'Renminlu Subdistrict Office', kinds: ['streetlight', 'drainage', 'charging'] },
      { name: '潇湘街道办事处', nameEn: 'Xiaoxiang Subdistrict Office', kinds: ['drainage', 'charging'] },
      { name: '石鼓区住房和城乡建设局', nameEn: 'Shigu District Housing and Urban-Rural Development Bureau', kinds: ['compound', 'drainage'] },
      { name: '石鼓区城市管理和综合执法局', nameEn: 'Shigu District Urban Management Bureau', kinds: ['streetlight', 'drainage'] },
      { name: '国网衡阳市石鼓区供电公司', nameEn: 'State Grid Shigu Power Supply Company', kinds: ['streetlight', 'charging'] },
      { name: '石鼓区水务公司', nameEn: 'Shigu District Water Company', kinds: ['drainage'] },
    ],
    compoundCount: 96,
    roadCount: 46,
    projectCount: 72,
    namedCompounds: [
      { name: '西湖一村', community: '西湖一村社区', households: 1200, yearBuilt: 1988, buildings: 17 },
      { name: '建设新村', community: '草桥社区', households: 640, yearBuilt: 1984, buildings: 12 },
      { name: '蒸湘北路4号院', community: '司前社区', households: 168, yearBuilt: 1993, buildings: 4 },
    ],
    roadNames: ['蒸湘北路', '中山北路', '解放路', '船山大道', '人民路', '桑园路', '先锋路', '环城北路', '石鼓路', '北正街', '大码头路', '三一路'],
  },
  {
    code: '430723',
    name: '澧县',
    seat: [111.76, 29.63],
    urbanRadiusKm: 4,
    streets: [
      street('澧阳街道', 'Liyang Subdistrict', true, 6),
      street('澧浦街道', 'Lipu Subdistrict', true, 5, [['襄阳社区', 'Xiangyang Community']]),
      street('澧澹街道', 'Lidan Subdistrict', true, 5),
      street('澧西街道', 'Lixi Subdistrict', true, 4),
      street('澧南镇', 'Linan Town', false, 4),
      street('如东镇', 'Rudong Town', false, 4, [['青龙郜村', 'Qinglonggao Village']]),
      street('官垸镇', 'Guanyuan Town', false, 3),
      street('小渡口镇', 'Xiaodukou Town', false, 3),
    ],
    units: [
      { name: '澧浦街道办事处', nameEn: 'Lipu Subdistrict Office', kinds: ['streetlight', 'drainage', 'charging'] },
      { name: '澧县住房保障服务中心', nameEn: 'Li County Housing Security Service Centre', kinds: ['compound', 'charging'] },
      { name: '澧县城市管理和综合执法局', nameEn: 'Li County Urban Management Bureau', kinds: ['streetlight', 'drainage'] },
      { name: '国网澧县供电公司', nameEn: 'State Grid Li County Power Supply Company', kinds: ['streetlight', 'charging'] },
      { name: '澧县澧州实业发展有限公司', nameEn: 'Li County Lizhou Industrial Development Co.', kinds: ['drainage'] },
    ],
    compoundCount: 84,
    roadCount: 44,
    projectCount: 66,
    namedCompounds: [{ name: '墨池飘香嘉园', households: 420, yearBuilt: 2003, buildings: 9 }],
    roadNames: ['澧阳路', '荆澧路', '澧州大道', '车站路', '古城路', '翠柳路', '九澧大道', '城头山路', '桃花滩路', '建设路', '中心路', '曾家河路'],
  },
  {
    code: '421224',
    name: '通山县',
    seat: [114.49, 29.6],
    urbanRadiusKm: 2.6,
    streets: [
      street('通羊镇', 'Tongyang Town', true, 6, [['双泉社区', 'Shuangquan Community']]),
      street('南林桥镇', 'Nanlinqiao Town', false, 4),
      street('黄沙铺镇', 'Huangshapu Town', false, 4),
      street('厦铺镇', 'Xiapu Town', false, 3),
      street('九宫山镇', 'Jiugongshan Town', false, 4),
      street('大畈镇', 'Dafan Town', false, 3),
      street('慈口乡', 'Cikou Township', false, 3),
    ],
    units: [
      { name: '通羊镇人民政府', nameEn: 'Tongyang Town Government', kinds: ['streetlight', 'drainage', 'charging'] },
      { name: '通山县住房和城乡建设局', nameEn: 'Tongshan County Housing and Urban-Rural Development Bureau', kinds: ['compound', 'drainage'] },
      { name: '通山县城市管理执法局', nameEn: 'Tongshan County Urban Management Bureau', kinds: ['streetlight', 'drainage'] },
      { name: '国网通山县供电公司', nameEn: 'State Grid Tongshan Power Supply Company', kinds: ['streetlight', 'charging'] },
      { name: '通山县水务公司', nameEn: 'Tongshan County Water Company', kinds: ['drainage'] },
    ],
    compoundCount: 42,
    roadCount: 26,
    projectCount: 48,
    namedCompounds: [{ name: '八角亭小区', community: '双泉社区', households: 430, yearBuilt: 1986, buildings: 11 }],
    roadNames: ['通羊大道', '九宫大道', '八角亭路', '新城路', '民主路', '凤池路', '通洪路', '城东大道', '水岸路'],
  },
  {
    code: '411525',
    name: '固始县',
    seat: [115.66, 32.17],
    urbanRadiusKm: 4.2,
    streets: [
      street('蓼城街道', 'Liaocheng Subdistrict', true, 6),
      street('秀水街道', 'Xiushui Subdistrict', true, 5),
      street('番城街道', 'Fancheng Subdistrict', true, 5),
      street('陈淋子镇', 'Chenlinzi Town', false, 4),
      street('黎集镇', 'Liji Town', false, 4),
      street('三河尖镇', 'Sanhejian Town', false, 3),
      street('段集镇', 'Duanji Town', false, 3),
      street('郭陆滩镇', 'Guolutan Town', false, 4),
    ],
    units: [
      { name: '蓼城街道办事处', nameEn: 'Liaocheng Subdistrict Office', kinds: ['streetlight', 'drainage', 'charging'] },
      { name: '秀水街道办事处', nameEn: 'Xiushui Subdistrict Office', kinds: ['streetlight', 'drainage', 'charging'] },
      { name: '固始县住房和城乡建设局', nameEn: 'Gushi County Housing and Urban-Rural Development Bureau', kinds: ['compound', 'drainage'] },
      { name: '固始县城市管理局', nameEn: 'Gushi County Urban Management Bureau', kinds: ['streetlight', 'drainage'] },
      { name: '国网固始县供电公司', nameEn: 'State Grid Gushi Power Supply Company', kinds: ['streetlight', 'charging'] },
      { name: '固始县水务集团', nameEn: 'Gushi County Water Group', kinds: ['drainage'] },
    ],
    compoundCount: 88,
    roadCount: 48,
    projectCount: 70,
    namedCompounds: [{ name: '尚城一品', street: '蓼城街道', households: 860, yearBuilt: 2012, buildings: 14 }],
    roadNames: ['蓼城大道', '红苏大道', '中原路', '信合路', '秀水路', '城隍路', '史河路', '番国路', '东城路', '根亲路', '航空路', '陈元光大道'],
  },
  {
    code: '150703',
    name: '扎赉诺尔区',
    seat: [117.72, 49.46],
    urbanRadiusKm: 3,
    streets: [
      street('灵泉镇', 'Lingquan Town', true, 5, [['光明社区', 'Guangming Community']]),
      street('第一街道', 'First Subdistrict', true, 4),
      street('第二街道', 'Second Subdistrict', true, 4),
      street('第三街道', 'Third Subdistrict', true, 4, [['天和社区', 'Tianhe Community']]),
      street('第四街道', 'Fourth Subdistrict', true, 4, [['榕欣社区', 'Rongxin Community']]),
      street('第五街道', 'Fifth Subdistrict', false, 3),
    ],
    units: [
      { name: '灵泉镇人民政府', nameEn: 'Lingquan Town Government', kinds: ['streetlight', 'drainage', 'charging'] },
      { name: '第四街道办事处', nameEn: 'Fourth Subdistrict Office', kinds: ['streetlight', 'drainage', 'charging'] },
      { name: '扎赉诺尔区住房和城乡建设局', nameEn: 'Zhalainuoer Housing and Urban-Rural Development Bureau', kinds: ['compound', 'drainage'] },
      { name: '扎赉诺尔区城市管理综合执法局', nameEn: 'Zhalainuoer Urban Management Bureau', kinds: ['streetlight', 'drainage'] },
      { name: '国网扎赉诺尔区供电公司', nameEn: 'State Grid Zhalainuoer Power Supply Company', kinds: ['streetlight', 'charging'] },
      { name: '扎赉诺尔区供排水公司', nameEn: 'Zhalainuoer Water Supply and Drainage Company', kinds: ['drainage'] },
    ],
    compoundCount: 44,
    roadCount: 28,
    projectCount: 52,
    namedCompounds: [{ name: '光明小区', community: '光明社区', households: 780, yearBuilt: 1979, buildings: 22 }],
    roadNames: ['二道街', '满北路', '煤城大街', '胜利大街', '团结路', '扎赉诺尔大街', '北山路', '环城路', '兴华路'],
  },
];

/** Word roots for made-up community names in towns (…社区). */
export const URBAN_COMMUNITY_ROOTS: readonly NamePair[] = [
  ['建设', 'Jianshe'], ['胜利', 'Shengli'], ['和平', 'Heping'], ['解放', 'Jiefang'], ['新华', 'Xinhua'],
  ['东风', 'Dongfeng'], ['红旗', 'Hongqi'], ['友谊', 'Youyi'], ['幸福', 'Xingfu'], ['团结', 'Tuanjie'],
  ['朝阳', 'Chaoyang'], ['向阳', 'Xiangyang'], ['文化', 'Wenhua'], ['民主', 'Minzhu'], ['长青', 'Changqing'],
  ['江南', 'Jiangnan'], ['滨江', 'Binjiang'], ['学府', 'Xuefu'], ['桃园', 'Taoyuan'], ['春晖', 'Chunhui'],
  ['锦绣', 'Jinxiu'], ['康乐', 'Kangle'], ['安居', 'Anju'], ['育才', 'Yucai'], ['兴隆', 'Xinglong'],
  ['繁荣', 'Fanrong'], ['金盆', 'Jinpen'], ['东门', 'Dongmen'], ['南门', 'Nanmen'], ['北门', 'Beimen'],
  ['新城', 'Xincheng'], ['翠湖', 'Cuihu'], ['花园', 'Huayuan'], ['车站', 'Chezhan'], ['工农', 'Gongnong'],
];

/** Word roots for made-up village names (…村). */
export const RURAL_COMMUNITY_ROOTS: readonly NamePair[] = [
  ['青龙', 'Qinglong'], ['白鹤', 'Baihe'], ['石桥', 'Shiqiao'], ['双河', 'Shuanghe'], ['柳塘', 'Liutang'],
  ['杨家', 'Yangjia'], ['李家', 'Lijia'], ['王家', 'Wangjia'], ['陈湾', 'Chenwan'], ['枫树', 'Fengshu'],
  ['黄土', 'Huangtu'], ['竹林', 'Zhulin'], ['新塘', 'Xintang'], ['大坪', 'Daping'], ['高峰', 'Gaofeng'],
  ['桥头', 'Qiaotou'], ['马鞍', "Ma'an"], ['松柏', 'Songbai'], ['荷花', 'Hehua'], ['梅溪', 'Meixi'],
  ['龙潭', 'Longtan'], ['金星', 'Jinxing'], ['红星', 'Hongxing'], ['五里', 'Wuli'], ['三岔', 'Sancha'],
  ['团山', 'Tuanshan'], ['长岭', 'Changling'], ['塘湾', 'Tangwan'], ['泉口', 'Quankou'], ['坪山', 'Pingshan'],
];

/** Old compounds are mostly work-unit housing (单位宿舍) and 新村; new ones are 花园/家园/苑. */
export const OLD_COMPOUND_PREFIXES: readonly string[] = [
  '纺织厂', '机械厂', '粮食局', '供销社', '电业局', '水泥厂', '农机厂', '百货公司', '税务局', '卫生局',
  '交通局', '邮电局', '化工厂', '食品公司', '物资局', '建筑公司', '印刷厂', '轻工局', '木材公司', '棉麻公司',
];
export const OLD_COMPOUND_SUFFIXES: readonly string[] = ['宿舍', '家属区', '生活区'];
export const NEW_COMPOUND_ROOTS: readonly string[] = [
  '金色', '阳光', '锦江', '翰林', '江景', '碧桂', '御景', '书香', '香榭', '盛世', '名都', '滨湖', '恒大', '凤凰',
  '紫薇', '丽景', '逸品', '兰亭', '东方', '世纪', '天元', '鑫源', '福星', '泰和', '华城', '明珠',
];
export const NEW_COMPOUND_SUFFIXES: readonly string[] = ['花园', '家园', '苑', '华庭', '雅居', '新城'];
export const VILLAGE_COMPOUND_SUFFIXES: readonly string[] = ['新村', '小区'];

/** Lanes and minor streets when a district's named roads run out. */
export const MINOR_ROAD_ROOTS: readonly string[] = [
  '文昌', '永安', '太平', '同心', '学堂', '仓门', '菜园', '后街', '井湾', '柴埠', '横街', '书院', '玉带', '兴业',
  '青石', '古井', '河街', '塘坊', '桂花', '槐树', '银杏', '梧桐', '新街', '营盘', '鼓楼', '义井', '西园', '东湖',
];

export const REPORTER_SURNAMES: readonly string[] = ['张', '李', '王', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '胡', '朱', '高'];
