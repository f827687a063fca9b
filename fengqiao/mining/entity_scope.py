"""Entity merge/split decisions per court (which decisions shape which court's grouping).

An :class:`~fengqiao.mining.models.EntityDecision` belongs to the court whose research office
made it. A court's grouping applies its own decisions and those of its superior courts (a
superior court's decision applies to its whole subtree), never a sister's or a subordinate's.
When a court and one of its superiors both decided about the same name, the nearer court's
decision wins: the court closest to the cases knows its local units best.

The stored refresh keeps the *undecided* clusters (:class:`EntityRecord`); each court's view is
those clusters with its decisions replayed (:func:`scoped_entities`), and the refresh re-keys
each case's parties with its owner court's decisions (:func:`decisions_by_owner`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from fengqiao.courts.models import Court
from fengqiao.mining.cluster import Decisions
from fengqiao.mining.entities import EntityCluster, apply_decisions
from fengqiao.mining.models import EntityDecision, EntityRecord, MiningRefresh

NO_DECISIONS = Decisions()


def path_ids(path: str) -> list[int]:
    """Court ids on a materialised path ("/1/4/9/"), root first."""
    return [int(part) for part in path.strip("/").split("/") if part]


def court_chain(court_id: int) -> list[int]:
    """The court and its superiors, root first."""
    path = Court.objects.filter(pk=court_id).values_list("path", flat=True).first()
    return path_ids(path) if path else [court_id]


def _effective(rows: Iterable[tuple[int, str, str, str]], chain: list[int]) -> Decisions:
    """The decisions of ``chain`` (root first); per name the nearest court's decision."""
    depth = {court_id: i for i, court_id in enumerate(chain)}
    chosen: dict[str, tuple[int, str, str]] = {}
    for court_id, name, entity_key, action in rows:
        d = depth.get(court_id)
        if d is None:
            continue
        if name not in chosen or d > chosen[name][0]:
            chosen[name] = (d, entity_key, action)
    return Decisions(
        confirmations=tuple(
            sorted((n, k) for n, (_, k, a) in chosen.items() if a == EntityDecision.Action.CONFIRM)
        ),
        rejections=tuple(
            sorted(n for n, (_, _, a) in chosen.items() if a == EntityDecision.Action.REJECT)
        ),
    )


def _decision_rows(court_ids: Iterable[int] | None = None) -> list[tuple[int, str, str, str]]:
    rows = EntityDecision.objects.all()
    if court_ids is not None:
        rows = rows.filter(court_id__in=list(court_ids))
    return list(rows.values_list("court_id", "name", "entity_key", "action"))


def decisions_for_court(court_id: int | None) -> Decisions:
    """The decisions that shape ``court_id``'s grouping (its own and its superiors')."""
    if court_id is None:
        return NO_DECISIONS
    chain = court_chain(court_id)
    return _effective(_decision_rows(chain), chain)


def decisions_fingerprint(court_id: int | None) -> str:
    """Changes whenever a decision that shapes ``court_id``'s grouping is made, changed or
    undone (one aggregate over the court chain's decisions)."""
    if court_id is None:
        return "-"
    from django.db.models import Count, Max

    found = EntityDecision.objects.filter(court_id__in=court_chain(court_id)).aggregate(
        n=Count("id"), last=Max("decided_at"), top=Max("id")
    )
    return f"{found['n']}:{found['top']}:{found['last']}"


def decisions_by_owner() -> dict[int, Decisions]:
    """For the refresh: court id → its effective decisions, for every court that has any
    (courts under no deciding court are absent and keep the undecided grouping)."""
    by_court: dict[int, list[tuple[int, str, str, str]]] = {}
    for row in _decision_rows():
        by_court.setdefault(row[0], []).append(row)
    if not by_court:
        return {}
    out: dict[int, Decisions] = {}
    cache: dict[tuple[int, ...], Decisions] = {}  # courts under the same deciding courts
    for court_id, path in Court.objects.values_list("id", "path"):
        chain = path_ids(path) or [court_id]
        deciding = tuple(c for c in chain if c in by_court)
        if not deciding:
            continue
        if deciding not in cache:
            cache[deciding] = _effective(
                [row for c in deciding for row in by_court[c]], list(deciding)
            )
        if cache[deciding] != NO_DECISIONS:
            out[court_id] = cache[deciding]
    return out


def clusters_of(records: Iterable[EntityRecord]) -> list[EntityCluster]:
    return [
        EntityCluster(
            key=r.key,
            canonical_name=r.canonical_name,
            members=list(r.members),
            confidence=r.confidence,
            member_scores=dict.fromkeys(r.members, r.confidence),
            counts=dict(r.counts or {}),
        )
        for r in records
    ]


@dataclass
class ScopedEntity:
    """One organisation as a court sees it: the refresh's cluster with the court's decisions."""

    key: str
    canonical_name: str
    members: list[str]
    size: int
    confidence: float
    decided: dict[str, str]  # member name → the decision that applies ("confirm"/"reject")
    origins: dict[str, str]  # member name → the key of the refresh's cluster it came from
    # member name → ids of the courts whose cases name it (None: an older refresh without it)
    owners: dict[str, list[int]] | None = None

    def members_seen_by(self, court_ids: set[int]) -> list[str]:
        """The members that appear in cases of ``court_ids`` (needs ``owners``)."""
        owners = self.owners or {}
        return [m for m in self.members if court_ids.intersection(owners.get(m, ()))]

    def confirm_target(self, name: str) -> str:
        """Where confirming ``name`` puts it: back into the entity it was split from when a
        split applies to it here, else into this entity."""
        if self.decided.get(name) == EntityDecision.Action.REJECT:
            return self.origins.get(name, self.key)
        return self.key

    @property
    def member_rows(self) -> list[tuple[str, str]]:
        """(name, decision that applies or "") for each member shown."""
        return [(m, self.decided.get(m, "")) for m in self.members]


def scoped_entities(court_id: int | None, refresh: MiningRefresh | None) -> list[ScopedEntity]:
    """The refresh's entities with ``court_id``'s decisions replayed, largest first."""
    if refresh is None:
        return []
    records = list(refresh.entities.all())
    decisions = decisions_for_court(court_id)
    clusters = clusters_of(records)
    if decisions != NO_DECISIONS:
        clusters = apply_decisions(
            clusters, confirmations=decisions.confirmations, rejections=decisions.rejections
        )
    sizes = {r.key: r.size for r in records}
    origins = {m: r.key for r in records for m in r.members}
    where = None
    if records and all(r.member_owners is not None for r in records):
        where = {m: o for r in records for m, o in r.member_owners.items()}
    decided = dict.fromkeys(decisions.rejections, EntityDecision.Action.REJECT.value)
    decided.update({n: EntityDecision.Action.CONFIRM.value for n, _ in decisions.confirmations})
    entities = [
        ScopedEntity(
            key=c.key,
            canonical_name=c.canonical_name,
            members=list(c.members),
            size=c.size if c.counts else sizes.get(c.key, len(c.members)),
            confidence=c.confidence,
            decided={m: decided[m] for m in c.members if m in decided},
            origins={m: origins[m] for m in c.members if m in origins},
            owners=None if where is None else {m: where.get(m, []) for m in c.members},
        )
        for c in clusters
        if c.members
    ]
    entities.sort(key=lambda e: (-e.size, e.key))
    return entities
