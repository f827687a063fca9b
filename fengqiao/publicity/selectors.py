from __future__ import annotations

from dataclasses import dataclass, replace

from django.db.models import QuerySet

from fengqiao.publicity.models import PublicationReview


def reviews_visible(user) -> QuerySet[PublicationReview]:
    if not getattr(user, "is_authenticated", False) or user.court_id is None:
        return PublicationReview.objects.none()
    return PublicationReview.objects.filter(court_id=user.court_id)


@dataclass(frozen=True)
class Segment:
    text: str
    index: int | None = None  # the span's index in review.spans
    status: str = ""
    kind: str = ""
    reason: str = ""
    replacement: str = ""


def segments(review: PublicationReview) -> list[Segment]:
    """The original cut at the spans, so a page can show both sides and each span's reason."""
    out: list[Segment] = []
    cursor = 0
    ordered = sorted(enumerate(review.spans), key=lambda pair: pair[1]["start"])
    for index, span in ordered:
        if span["start"] < cursor:
            if span["end"] > cursor and out and out[-1].index is not None:
                # overlapping spans: the earlier mark grows to cover the later one's tail
                tail = review.source_text[cursor : span["end"]]
                out[-1] = replace(out[-1], text=out[-1].text + tail)
                cursor = span["end"]
            continue
        if span["start"] > cursor:
            out.append(Segment(review.source_text[cursor : span["start"]]))
        out.append(
            Segment(
                review.source_text[span["start"] : span["end"]],
                index,
                span["status"],
                span["kind"],
                span["reason"],
                span["replacement"],
            )
        )
        cursor = span["end"]
    out.append(Segment(review.source_text[cursor:]))
    return out
