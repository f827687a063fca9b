"""An invented entity for the demo, tests and the benchmark (deterministic for a seed)."""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta

from .inputs import EntityCase, HealthCheckInput

_SAMPLE_ENTITY = "南京市鼓楼区清风物业服务有限公司"
_SAMPLE_COURT = "江苏省南京市鼓楼区人民法院"
# cause, domain, role, weight, outcomes (value, weight), amount range, problem sentences
_SAMPLE_KINDS: tuple[tuple, ...] = (
    ("物业服务合同纠纷", "其他", "原告", 45,
     (("支持", 55), ("部分支持", 25), ("驳回", 6), ("调解", 8), ("撤诉", 6)), (800, 9000),
     ("原告系被告所在小区的物业服务企业，被告为该小区业主，自二〇二一年起未缴纳物业服务费。",
      "原告为该小区提供物业服务，被告欠缴物业服务费，经原告多次催缴未果。"),
     (("被告辩称，小区电梯经常故障，原告维修不及时，故拒绝缴纳物业费。",
       "被告称电梯多次困人，物业公司维修不及时，服务质量差，因此拒交物业费。"),
      ("被告认为原告未公开公共收益收支情况，小区广告位和停车位收益去向不明。",
       "被告主张原告未公开公共收益，长期占用业主共有部分的经营收入。"),
      ("被告称小区停车管理混乱，外来车辆随意停放，消防通道长期被占用。",))),
    ("劳动争议", "劳动", "被告", 18,
     (("支持", 40), ("部分支持", 35), ("驳回", 15), ("调解", 10)), (6000, 90000),
     ("原告于入职被告处担任保安员，双方约定月工资。",),
     (("原告入职后，被告未与原告签订书面劳动合同，原告主张二倍工资差额。",
       "原告在被告处工作一年有余，被告始终未签订书面劳动合同。"),
      ("原告主张其每月加班远超法定上限，被告未支付加班费。",
       "被告实行两班倒，原告长期加班，被告未支付加班费。"),
      ("被告未为原告缴纳社会保险，原告要求被告支付经济补偿。",))),
    ("生命权、身体权、健康权纠纷", "其他", "被告", 12,
     (("部分支持", 60), ("驳回", 25), ("调解", 15)), (12000, 320000),
     ("原告系该小区业主。",),
     (("原告在小区地下车库行走时因地面湿滑摔倒受伤，现场未设置警示标志。",
       "原告在小区单元门口摔倒受伤，事发时地面湿滑且无任何警示标志。"),
      ("原告认为被告作为物业服务企业未尽安全保障义务，应承担赔偿责任。",
       "被告未尽安全保障义务，未及时清理积水。"))),
    ("财产损害赔偿纠纷", "其他", "被告", 8,
     (("支持", 35), ("部分支持", 35), ("驳回", 20), ("调解", 10)), (3000, 150000),
     ("原告的车辆停放在被告管理的小区内。",),
     (("小区外墙瓷砖脱落，砸坏原告停放的车辆。",
       "原告停放在楼下的车辆被高空坠落的外墙瓷砖砸损。"),
      ("小区公共管道漏水，导致原告房屋墙面及家具受损。",))),
    ("服务合同纠纷", "其他", "原告", 5,
     (("支持", 50), ("驳回", 30), ("撤诉", 20)), (20000, 600000),
     ("原、被告签订保洁服务合同，约定由被告提供保洁服务。",),
     (("被告未按约提供保洁服务，原告要求解除合同。",),)),
    ("房屋租赁合同纠纷", "其他", "第三人", 4,
     (("支持", 50), ("驳回", 30), ("调解", 20)), (10000, 80000),
     ("原告将其房屋出租给被告，物业公司作为第三人参加诉讼。",), ()),
    ("建设工程施工合同纠纷", "其他", "被告", 3,
     (("部分支持", 60), ("驳回", 40)), (800000, 6000000),
     ("原告承包了被告小区的外墙维修工程，工程已经竣工验收。",),
     (("被告逾期支付工程款，原告主张欠付工程款及利息。",),)),
    ("买卖合同纠纷", "其他", "原告", 3,
     (("支持", 70), ("部分支持", 30)), (5000, 60000),
     ("原告向被告出售消防器材一批，被告收货后未付清货款。",), ()),
    ("追索劳动报酬纠纷", "劳动", "被告", 2,
     (("支持", 60), ("调解", 40)), (3000, 30000),
     ("原告在被告处从事保洁工作。",),
     (("被告以经营困难为由拖欠原告工资。",),)),
)  # fmt: skip
_NOISE = (
    "庭审中，双方当事人围绕争议焦点进行了举证质证。",
    "被告经本院传票传唤，无正当理由拒不到庭参加诉讼。",
    "双方曾就纠纷进行协商，未能达成一致。",
    "上述事实，有当事人陈述及相关证据在卷佐证。",
)


def _pick(rng: random.Random, pairs: Sequence[tuple[str, int]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def sample_health_check_input(
    n_cases: int = 120,
    *,
    seed: int = 7,
    period_from: date = date(2022, 1, 1),
    period_to: date = date(2024, 12, 31),
) -> HealthCheckInput:
    """An invented entity (a property-management company) with ``n_cases`` cases.

    Causes, roles and outcomes follow fixed weights; fact sections are built from template
    sentences, each case carrying one or two of its cause's planted problems; volume rises
    over the period. Deterministic for a given seed.
    """
    rng = random.Random(seed)
    days = (period_to - period_from).days
    cases: list[EntityCase] = []
    seqs: Counter = Counter()
    weights = [k[3] for k in _SAMPLE_KINDS]
    for i in range(n_cases):
        kind = rng.choices(_SAMPLE_KINDS, weights=weights)[0]
        cause, domain, role, _, outcomes, (lo, hi), common, problems = kind
        decided = period_from + timedelta(days=int(days * math.sqrt(rng.random())))
        seqs[decided.year] += 1
        type_code = "民初"
        case_no = f"（{decided.year}）苏0106{type_code}{seqs[decided.year] * 7 + 100}号"
        sentences = [rng.choice(common)]
        if problems:
            chosen = rng.sample(problems, k=min(len(problems), rng.choice((1, 1, 2))))
            sentences += [rng.choice(p) for p in chosen]
        sentences += rng.sample(_NOISE, k=rng.randint(0, 2))
        claim = round(rng.uniform(lo, hi), 2)
        amounts = [claim, round(claim * rng.uniform(0.4, 1.0), 2)]
        if rng.random() < 0.08:
            amounts = []
        cases.append(
            EntityCase(
                case_id=i + 1,
                case_no=case_no,
                decided_on=decided,
                cause=cause,
                domain=domain,
                role=role,
                outcome=_pick(rng, outcomes),
                amounts=amounts,
                facts="".join(sentences),
            )
        )
    return HealthCheckInput(_SAMPLE_ENTITY, period_from, period_to, _SAMPLE_COURT, cases)
