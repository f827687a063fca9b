"""Which court tried a judgment: by 代字 and name, through the court table and the registry.

Used by the case import. Order: the court given with ``--court``; else a court of the table
whose 代字 (or alternative 代字) and/or name (or alias; 人民法院/法院, brackets and a province
prefix do not matter) identify it; else the national registry, loaded into the table on first
need; else the court is registered and audited: under the intermediate court of a 2016-style
basic 代字 printed beside a full court name (开发区、新区 courts the registry lacks), or — an
old-style 代字 (福铁, 长净开) or a code whose intermediate court is unknown — under the parent
the printed name makes certain (``registry.infer_parent``: 铁路运输、农垦、林区 courts, courts
named after their city). Anything else cannot be determined and is quarantined with the reason.
"""

from __future__ import annotations

import re

from django.db import transaction

from fengqiao.audit.services import audit_record, snapshot
from fengqiao.courts.models import Court, CourtLevel
from fengqiao.courts.registry import (
    LEVEL_TO_MODEL,
    RegistryCourt,
    RegistryIndex,
    infer_parent,
    name_key,
    registry_index,
)

_BASIC_CODE = re.compile(
    r"^[京津冀晋内辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔云藏陕甘青宁新兵]\d{4}$"
)
_SPECIAL_WORDS = ("铁路运输", "互联网", "海事", "知识产权", "金融", "林区", "农垦", "矿区")
_PROVISIONAL = "待"  # marks a 代字 made up for a court registered from an old-style 案号


def _entry(court: Court) -> RegistryCourt:
    return RegistryCourt(
        code=court.code,
        name=court.name,
        level=court.level if court.level != "special" else "basic_special",
        parent="",
        alt_codes=tuple(court.alt_codes or ()),
        aliases=tuple(court.aliases or ()),
        source="",
        note="",
    )


class CourtResolver:
    """Resolve (代字, name) pairs to ``Court`` rows; one instance per import run."""

    def __init__(self, owner: Court | None = None, *, auto_register: bool = True) -> None:
        self.owner = owner
        self.auto_register = auto_register
        self._registry_loaded = False
        self._cache: dict[tuple[str, str], Court | None] = {}
        self._why: dict[tuple[str, str], str] = {}
        self._build()

    def _build(self) -> None:
        courts = list(Court.objects.only("id", "code", "name", "level", "aliases", "alt_codes"))
        self.by_code = {c.code: c for c in courts}
        self.index = RegistryIndex(tuple(_entry(c) for c in courts))
        self._cache.clear()

    def resolve_pair(self, code: str | None, name: str | None) -> Court | None:
        if self.owner is not None:
            return self.owner
        key = (code or "", name or "")
        if key not in self._cache:
            self._cache[key] = self._resolve(code or "", name or "")
        return self._cache[key]

    def resolve(self, prepared) -> Court | None:
        return self.resolve_pair(prepared.court_code, prepared.court_name)

    def lookup(self, prepared) -> Court | None:
        """Like :meth:`resolve` but never registers a court (for records being quarantined)."""
        if self.owner is not None:
            return self.owner
        hit = self.index.resolve(code=prepared.court_code, name=prepared.court_name)
        return self.by_code[hit.code] if hit else None

    def _resolve(self, code: str, name: str) -> Court | None:
        if not code and not name:
            return None
        hit = self.index.resolve(code=code, name=name)
        if hit is not None:
            return self.by_code[hit.code]
        if not self._registry_loaded and registry_index().resolve(code=code, name=name):
            self._load_registry()
            hit = self.index.resolve(code=code, name=name)
            if hit is not None:
                return self.by_code[hit.code]
        if self.auto_register:
            return self._register(code, name)
        return None

    def _load_registry(self) -> None:
        if not self._registry_loaded:
            from fengqiao.courts.registry_load import load_registry

            load_registry()
            self._registry_loaded = True
            self._build()

    def reason(self, prepared) -> str:
        """Why the court of a record could not be determined (for its quarantine record)."""
        code, name = prepared.court_code or "", prepared.court_name or ""
        why = self._why.get((code, name))
        return unresolved_reason(code, name) + (f"。自动登记未做：{why}" if why else "")

    def _register(self, code: str, name: str) -> Court | None:
        """A court the registry lacks, named in full on the judgment: under the intermediate
        court of a well-formed basic 代字, else under the parent its name makes certain."""
        name = name.strip()
        key = (code, name)
        if not name.endswith("法院") or len(name) < 6:
            if name:
                self._why[key] = f"“{name}”不像完整的法院名称"
            return None
        self._load_registry()
        new_code = code if _BASIC_CODE.match(code) else ""
        if (new_code and new_code in self.by_code) or self.index.by_name(name):
            # the code or the name belongs to another court: leave it to a person
            self._why[key] = "法院代字或名称与已登记的其他法院冲突，请人工核对"
            return None
        parent = self.by_code.get(code[:3]) if new_code else None
        if parent is not None:
            special = any(word in name for word in _SPECIAL_WORDS)
            level = CourtLevel.SPECIAL if special else CourtLevel.BASIC
            note = "导入裁判文书时按案号中的法院代字与文书所载法院名称登记，待核"
        else:
            guess = infer_parent(name, self.index)
            if guess.parent is None:
                self._why[key] = guess.why
                return None
            parent = self.by_code[guess.parent.code]
            level = LEVEL_TO_MODEL[guess.level]
            if new_code and new_code[0] != parent.code[0]:
                new_code = ""  # a 2016 代字 of another province than the name's
            if not new_code:
                new_code = self._provisional_code(parent.code)
            old = f"；旧式案号代字“{code}”" if code and code != new_code else ""
            note = f"导入裁判文书时按文书所载法院名称登记：{guess.why}{old}；代字待核"[:200]
        with transaction.atomic():
            court = Court(
                name=name[:100],
                code=new_code,
                level=level,
                parent=parent,
                source="import",
                registry_note=note,
            )
            court.save()
            court.path = f"{parent.path}{court.pk}/"
            court.save(update_fields=["path"])
            audit_record(
                code="court.create",
                action="导入裁判文书时登记法院",
                obj=court,
                court=court,
                after=snapshot(court),
            )
        self._build()
        return court

    def _provisional_code(self, parent_code: str) -> str:
        """A 代字 no court uses, marked as provisional: 鲁71待1, 吉01待2 (a person enters
        the real one on the registry page; the provisional one is then kept as alternative)."""
        n = 1
        while f"{parent_code}{_PROVISIONAL}{n}" in self.by_code:
            n += 1
        return f"{parent_code}{_PROVISIONAL}{n}"


def unresolved_reason(code: str | None, name: str | None) -> str:
    if not code and not name:
        return "无法确定所属法院：文书中没有法院名称，也没有可识别的案号法院代字"
    return (
        f"无法确定所属法院：法院代字“{code or '无'}”、法院名称“{name or '无'}”"
        "在全国法院名录和本系统法院中都找不到（已按代字、名称、曾用名查找）。"
        "请在“法院名录”中补登该法院后重新导入；如是本院案件管理系统导出的记录，请用 --court 指定导入法院"
    )


__all__ = ["CourtResolver", "name_key", "unresolved_reason"]
