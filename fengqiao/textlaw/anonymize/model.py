"""Data types shared by recognisers, operators and the engine."""

from __future__ import annotations

from dataclasses import dataclass, field

# Span kinds.
PERSON = "person"  # a natural person's name
ID_CARD = "id_card"
PHONE = "phone"
BANK_ACCOUNT = "bank_account"
PLATE = "plate"
CERTIFICATE = "certificate"
ADDRESS = "address"
EMAIL = "email"
CONTACT = "contact"  # QQ / WeChat ids
BIRTH_DATE = "birth_date"
AMOUNT = "amount"

# Role categories of persons (see lexicon.ROLE_WORDS).
ART8_ROLES = frozenset({"victim", "civil_plaintiff", "witness", "appraiser", "legal_rep", "minor"})
PROFESSIONAL_ROLES = frozenset({"judge", "clerk", "prosecutor", "lawyer", "police", "official"})


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the text that a recogniser believes is personal data."""

    start: int
    end: int
    text: str
    kind: str
    reason: str
    score: float
    person_id: str | None = None


@dataclass(frozen=True, slots=True)
class Replacement:
    start: int
    end: int
    original: str
    replacement: str
    kind: str
    reason: str
    person_id: str | None = None


@dataclass(slots=True)
class Person:
    """A natural person known in one document, with every role they appear in."""

    person_id: str
    name: str
    roles: set[str] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)
    ethnic: str | None = None
    minor: bool = False
    source: str = ""  # how it was found: parser, header, mention, pos
    score: float = 0.9
    fixed_pseudonym: str | None = None  # the court's own mask (白某某) when only aliases are open

    @property
    def names(self) -> set[str]:
        return {self.name, *self.aliases}

    @property
    def is_professional(self) -> bool:
        return bool(self.roles & PROFESSIONAL_ROLES) and not (
            self.roles - PROFESSIONAL_ROLES - {"agent"}
        )


@dataclass(frozen=True, slots=True)
class Blocker:
    """A reason (法释〔2016〕19号 第四条) why a judgment must not be published online.

    ``reason`` names no person (it may be shown beside the anonymised text); ``start``/``end``
    point at the evidence in the original text, for a reviewer."""

    code: str
    reason: str
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)
class AnonymizationResult:
    text: str
    spans: list[Span]
    replacements: list[Replacement]
    kept: list[Span] = field(default_factory=list)  # recognised, but the policy keeps them
    persons: list[Person] = field(default_factory=list)
    policy: str = "rules"

    def to_dict(self, blockers: list[Blocker] | None = None) -> dict[str, object]:
        out: dict[str, object] = {
            "text": self.text,
            "policy": self.policy,
            "spans": [
                {
                    "start": r.start,
                    "end": r.end,
                    "text": r.original,
                    "kind": r.kind,
                    "reason": r.reason,
                    "replacement": r.replacement,
                }
                for r in self.replacements
            ],
        }
        if blockers is not None:
            out["blockers"] = [
                {"code": b.code, "reason": b.reason, "start": b.start, "end": b.end}
                for b in blockers
            ]
        return out
