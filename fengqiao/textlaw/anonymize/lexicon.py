"""Word lists used by the recognisers: surnames, role words, allow-lists.

The lists are written by hand from general knowledge of Chinese names and court
language (not extracted from any judgment), so they can be read and corrected.
"""

from __future__ import annotations

# 复姓 (compound surnames): the pseudonym keeps both characters.
COMPOUND_SURNAMES: frozenset[str] = frozenset(
    """
    欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 令狐 夏侯 轩辕 端木
    西门 南宫 独孤 呼延 澹台 公冶 太史 申屠 闻人 万俟 赫连 钟离 宗政 濮阳 淳于 单于
    第五 百里 东郭 拓跋 左丘 司空 司寇 公羊 谷梁 巫马 乐正 壤驷 公西 漆雕 羊舌 微生
    梁丘 段干 仲孙 叔孙 颛孙 南门 呼衍 鲜于 闾丘 亓官 东门 西方 夹谷 乌孙 完颜 爱新
    """.split()
)

# Single-character surnames: the common ones first, then rarer ones seen in court texts.
_SURNAMES = """
王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余
杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱丘江尹薛闫阎段雷侯
龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁
岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝
路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦卢麦褚娄窦戚岑景
党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖
巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉
伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁
芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛
宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由者理拜邴逄郦靖眭操仉
禄税蹇犹杞保钮冒仰过竺员巨续汝买热努依木次格达洛旦拉央措益庹鄂藏滑凤粱铁火门晃贡
佐綦訾邗蓟揣代荀尕果沃令闪郇苌谯郄韶贲逢
"""
SURNAMES: frozenset[str] = frozenset(ch for ch in _SURNAMES if not ch.isspace())

# Role words that introduce a natural person in a judgment, mapped to a role category.
# Longest first matters: the regex is built from this order.
ROLE_WORDS: dict[str, str] = {
    "刑事附带民事诉讼原告人": "civil_plaintiff",
    "附带民事诉讼原告人": "civil_plaintiff",
    "附带民事原告人": "civil_plaintiff",
    "附带民事诉讼被告人": "defendant",
    "原审附带民事诉讼原告人": "civil_plaintiff",
    "委托诉讼代理人": "agent",
    "委托代理人": "agent",
    "诉讼代理人": "agent",
    "指定辩护人": "agent",
    "辩护人": "agent",
    "法定代理人": "legal_rep",
    "监护人": "legal_rep",
    "原审被告人": "defendant",
    "原审被告": "party",
    "被告人": "defendant",
    "犯罪嫌疑人": "defendant",
    "罪犯": "defendant",
    "同案人": "defendant",
    "同案犯": "defendant",
    "嫌疑人": "defendant",
    "被害人": "victim",
    "受害人": "victim",
    "被害单位": "org",
    "证人": "witness",
    "鉴定人": "appraiser",
    "未成年人": "minor",
    "自诉人": "party",
    "上诉人": "party",
    "被上诉人": "party",
    "申诉人": "party",
    "再审申请人": "party",
    "被申请人": "party",
    "申请人": "party",
    "原告人": "party",
    "原告": "party",
    "被告": "party",
    "第三人": "party",
    "报案人": "witness",
    "举报人": "witness",
    "目击者": "witness",
    "购毒者": "other",
    "吸毒人员": "other",
    "买家": "other",
    "其妻": "relative",
    "其夫": "relative",
    # kinship and ties that introduce a person by name ("妻子李雅静", "母亲徐健美")
    "妻子": "relative",
    "丈夫": "relative",
    "前妻": "relative",
    "前夫": "relative",
    "母亲": "relative",
    "父亲": "relative",
    "儿子": "relative",
    "女儿": "relative",
    "大女儿": "relative",
    "二女儿": "relative",
    "小女儿": "relative",
    "大儿子": "relative",
    "二儿子": "relative",
    "小儿子": "relative",
    "哥哥": "relative",
    "弟弟": "relative",
    "姐姐": "relative",
    "妹妹": "relative",
    "男友": "relative",
    "女友": "relative",
    "男朋友": "relative",
    "女朋友": "relative",
    "合伙人": "other",
}

# Body-only role words: people named by their standing in a dispute or a community (letters,
# typical cases, civil judgments): "当事人李建国、业主张明华反映…". What follows must still read
# as a name (业主委员会, 消费者权益, 居民区 do not). Not party-paragraph labels: the header
# reader keeps to ROLE_WORDS.
LAY_ROLE_WORDS: dict[str, str] = {
    "当事人": "party",
    "承租人": "party",
    "出租人": "party",
    "买受人": "party",
    "出卖人": "party",
    "借款人": "party",
    "出借人": "party",
    "业主": "other",
    "消费者": "other",
    "村民": "other",
    "居民": "other",
    "员工": "other",
    "职工": "other",
    "学生": "other",
    "家长": "other",
    "租户": "other",
}

# Officials: names after these words are kept under every policy.
OFFICIAL_WORDS: tuple[str, ...] = (
    "审判长",
    "代理审判员",
    "审判员",
    "人民陪审员",
    "陪审员",
    "代理书记员",
    "代书记员",
    "书记员",
    "法官助理",
    "速录员",
    "执行员",
    "检察员",
    "代理检察员",
    "代检察员",
    "检察官",
    "助理检察员",
    "侦查员",
    "民警",
    "警官",
)

# Words that end a name when they follow it (checked character by character, longest first).
NAME_FOLLOWERS: tuple[str, ...] = (
    "证实",
    "证言",
    "陈述",
    "供述",
    "辨认",
    "指认",
    "报案",
    "报警",
    "证明",
    "身上",
    "家中",
    "驾驶",
    "签名",
    "出具",
    "到庭",
    "出庭",
    "同意",
    "系",
    "的",
    "等",
    "和",
    "与",
    "及",
    "称",
    "在",
    "被",
    "将",
    "于",
    "因",
    "对",
    "向",
    "从",
    "到",
    "把",
    "给",
    "说",
    "是",
    "也",
    "都",
    "即",
    "又",
    "已",
    "遂",
    "后",
    "处",
    "家",
    "之",
    "所",
    "某",
    "共",
    "各",
    "并",
    "则",
    "以",
    "要",
    "去",
    "借",
    "买",
    "卖",
    "打",
    "拿",
    "用",
    "先",
    "再",
    "就",
    "还",
    "不",
    "没",
    "未",
    "经",
    "受",
    "交",
    "收",
    "付",
)

# Characters that never belong to a Chinese personal name in running text.
NON_NAME_CHARS: frozenset[str] = frozenset(
    "某×ｘＸ＊*〇○的了着过是与及或等被将把对从到给让叫使由之此这那们"
    "个件条次年时分秒号人男女县市省区镇乡村路街组室楼院局所厅处队"
    "罪案法律审判刑诉讼证据犯因较她他它我你以"
)

# Endings that make a candidate a place, an organisation or a thing rather than a person.
NON_PERSON_SUFFIXES: tuple[str, ...] = (
    "车",
    "省",
    "市",
    "县",
    "区",
    "镇",
    "乡",
    "村",
    "庄",
    "屯",
    "寨",
    "湾",
    "沟",
    "路",
    "街",
    "巷",
    "公司",
    "银行",
    "医院",
    "学校",
    "法院",
    "检察院",
    "公安局",
    "派出所",
    "看守所",
    "委员会",
    "中心",
    "酒店",
    "宾馆",
    "商店",
    "超市",
    "网吧",
)

# Words that follow a candidate and show that it is part of a place or an organisation name.
PLACE_OR_ORG_AFTER: tuple[str, ...] = (
    "省",
    "市",
    "县",
    "区",
    "镇",
    "乡",
    "村",
    "社区",
    "街道",
    "路",
    "街",
    "大道",
    "巷",
    "小区",
    "花园",
    "公司",
    "集团",
    "银行",
    "支行",
    "分行",
    "医院",
    "学校",
    "律师事务所",
    "事务所",
    "人民法院",
    "法院",
    "人民检察院",
    "检察院",
    "公安",
    "派出所",
    "看守所",
    "分局",
    "大队",
    "中队",
    "委员会",
    "中心",
    "酒店",
    "宾馆",
    "饭店",
    "商店",
    "超市",
    "网吧",
    "门市",
    "厂",
    "店",
    "站",
    "牌",
    "汽车",
    "轿车",
    "镇政府",
    "工地",
    "水库",
    "大桥",
    "广场",
)

# Non-name words starting with a surname character that rjieba tags as a personal name.
# Used only by the low-score POS fallback recogniser.
POS_STOPWORDS: frozenset[str] = frozenset(
    """
    陈述 查明 银行卡 司法鉴定 文明 立功 小姐 通知书 公共安全 许可证 支付宝 老公 老婆 玉米
    荣华 范文 林木 承诺书 高中文化 初中文化 小学文化 法律援助 一审判决 刑事判决 海洛因 二人
    陈家 万元 千元 百元 金额 金条 金额较大 黄金 白金 白银 石头 石块 马路 马上 马某 田地 田间
    江湖 江边 海边 海关 海洛 冷藏 冷库 冷静 高速 高价 高利 高度 高额 高中 程序 程度 程某 时间 时候
    时许 方向 方式 方面 方法 方便 常住 常见 常年 常委 安全 安排 安装 安置 华为 华侨 明知 明确 明显
    平台 平时 平方 平安 文化 文件 文书 文字 向某 向其 于某 于是 于次 和解 和好 和平 成立 成本 成功
    成年 成员 应当 应该 应在 原判 原审 原告 原件 原因 原来 原价 原有 原籍 原则 史某 万某 伍某 谷歌
    石某 金某 金融 金钱 金属 鲁莽 宋体 宋某 管制 管理 管辖 管控 车辆 车牌 车主 车上 车内 车费 车速
    包括 包庇 包装 包裹 包房 包厢 连续 连同 连夜 连日 单位 单独 单据 单价 单人 单某 全部 全额 全体
    全国 全面 全市 全县 燕窝 杨梅 杨树 柏树 桑拿 林地 林场 林区 林业 毛重 毛发 云南 云某 苗木 苗圃
    向东 向西 向南 向北 关系 关于 关押 关闭 关联 关注 解释 解决 解除 解放 解开 强奸 强制 强行 强迫
    强化 戴罪 邱某 任何 任务 任意 任职 任期 任某 季度 季节 冯某 贾某 商品 商业 商铺 商量 商定 商户
    师傅 师父 师兄 容留 容易 容器 沙发 沙滩 沙土 伍佰 凌晨 康复 乔装 曲靖 房屋 房间 房产 房子 房东
    房租 房费 屈服 余额 余某 余款 余下 余罪 余地 龙头 龙虾 虞某 甘蔗 花费 花钱 花园 花生 尚未 尚有
    尚在 都是 都有 都在 来源 来往 来到 来回 齐全 左右 左手 左侧 左边 向上 国家 国有 国道 国内 国际
    信息 信用 信用卡 信号 展开 展示 印章 印鉴 印象 危险 危害 危及 富有 计算 计划 杜某 白色 白天
    白某 黄色 黄某 蓝色 红色 紫色 乌鲁木齐 韦某 雷某 雷同 雷达 夏天 夏季 秋季 春节 冬季 牛奶 牛肉
    羊肉 鹿茸 熊胆 熊掌 温州 温度 温暖 温泉 温馨 殷勤 柯某 晋升 申请 申报 申诉 申辩 岳父 岳母 邢台
    薛某 郎某 冉某 符合 符某 卜某 仇恨 伊朗 戚某 宁波 宁夏 宁愿 宁某 江苏 江西 江门 湖南 湖北 邓州
    武汉 武装 武器 武警 武力 武某 钟表 钟点 钟某 毕业 毕竟 童某 童年 甄别 麻将 麻醉 麻烦 麻古 龚某
    蒙古 蒙面 蒙骗 苏州 苏醒 汤某 阳台 阳光 阳性 阴性 阴道 邵阳 邵某 祁阳 凤凰 凤某 金华 金钱豹
    邹某 冷某 练习 练某 巴士 巴掌 司机 司法 司某 汪某 宫颈 罗汉 罗某 韩国 应急 应某 于都 和田 成都
    伍某某 文某 明某 高某 贵州 贵阳 海口 海南 海某 鲍鱼 牛某 包某 华某 方某 房某 车某 时某 龙某
    康某 元旦 元宵 元某 上官某 欧阳某 司马某
    """.split()
)

# Court and legal vocabulary that the POS fallback must never treat as a name.
LEGAL_TERMS: frozenset[str] = frozenset(
    """
    审判长 审判员 书记员 陪审员 检察员 辩护人 被告人 被害人 证人 鉴定人 公诉机关 人民法院 人民检察院
    有期徒刑 无期徒刑 死刑 拘役 管制 罚金 缓刑 假释 减刑 自首 坦白 累犯 主犯 从犯 胁从犯 立功表现
    """.split()
)

CHINESE_DIGITS: dict[str, int] = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}

# Plate prefixes: province abbreviations used on Chinese licence plates.
PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领"

# Ethnic groups whose members usually carry Han-style names (pseudonym = surname + 某).
HAN_STYLE_ETHNIC = frozenset(
    "汉族 回族 满族 壮族 白族 土家族 畲族 仫佬族 毛南族 京族 布依族 侗族 瑶族 苗族 水族 仡佬族 "
    "纳西族 土族 锡伯族 达斡尔族 鄂温克族 赫哲族 朝鲜族 黎族 羌族 高山族 东乡族 保安族 撒拉族".split()
)
