"""The fixed list of member sectors (行业) of industry associations, and the one mapping from a
suggestion's 专业领域 (``fengqiao.textlaw.domains.DOMAINS``) and recipient kind
(``courts.UnitKind``) to the sectors it is relevant to.

A letter is relevant to a sector when its domain maps to it, or its recipient's kind does.
行政、执行 and 其他 map to no sector by domain (their recipients are mostly government bodies,
not trades); a letter addressed to a company is relevant to 企业经营与合规 whatever its domain.
Change the mapping here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models


class Sector(models.TextChoices):
    FINANCE = "finance", "金融保险"
    REAL_ESTATE = "real_estate", "房地产与物业服务"
    TRANSPORT = "transport", "交通运输"
    EDUCATION = "education", "教育培训与未成年人服务"
    FAMILY = "family", "婚姻家庭与养老服务"
    ENVIRONMENT = "environment", "生态环境与资源利用"
    LABOUR = "labour", "人力资源与劳动用工"
    TECHNOLOGY = "technology", "科技与知识产权"
    SAFETY = "safety", "安全生产与公共安全"
    BUSINESS = "business", "企业经营与合规"


# 专业领域 → sectors
DOMAIN_SECTORS: dict[str, tuple[str, ...]] = {
    "金融": (Sector.FINANCE,),
    "道交": (Sector.TRANSPORT, Sector.FINANCE),  # carriers and their insurers
    "家事": (Sector.FAMILY,),
    "未成年人": (Sector.EDUCATION,),
    "环资": (Sector.ENVIRONMENT,),
    "劳动": (Sector.LABOUR,),
    "房地产": (Sector.REAL_ESTATE,),
    "知识产权": (Sector.TECHNOLOGY,),
    "刑事": (Sector.SAFETY,),
    "行政": (),
    "执行": (Sector.BUSINESS,),
    "其他": (),
}

# recipient kind (courts.UnitKind) → sectors
KIND_SECTORS: dict[str, tuple[str, ...]] = {
    "company": (Sector.BUSINESS,),
}


def sectors_for(domain: str, recipient_kind: str) -> list[str]:
    """The sectors a letter of ``domain`` addressed to a ``recipient_kind`` unit is relevant to,
    in the order of :class:`Sector`."""
    wanted = set(DOMAIN_SECTORS.get(domain or "其他", ())) | set(
        KIND_SECTORS.get(recipient_kind or "", ())
    )
    return [s for s in Sector.values if s in wanted]


def sector_labels(codes: Iterable[str]) -> list[str]:
    labels = dict(Sector.choices)
    return [labels.get(code, code) for code in codes]
