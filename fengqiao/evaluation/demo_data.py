"""Demo: the high court publishes the default rubric, the basic courts adopt it, and their
research offices score every signed letter (called once from the demo builder)."""

from __future__ import annotations

from fengqiao.courts.models import Court, User
from fengqiao.evaluation import services
from fengqiao.evaluation.models import Score
from fengqiao.suggestions.models import State, Suggestion

COMMENTS = (
    "问题抓得准，类案数据翔实；建议可再细化责任分工。",
    "原因分析较深入，建议与问题一一对应，可操作性强。",
    "证据以个案为主，缺少统计数据；事前沟通充分。",
    "建议较原则，建议补充具体整改时限和检验方式。",
)
SCORED = (
    State.SIGNED,
    State.PRE_COMMUNICATION,
    State.DELIVERED,
    State.REPLIED,
    State.FOLLOW_UP,
    State.ARCHIVED,
)


def _research(code: str) -> User | None:
    return (
        User.objects.filter(court__code=code, role_grants__role="research", is_active=True)
        .order_by("id")
        .first()
    )


def load_demo_scores() -> int:
    """Returns the number of scores recorded (0 when the demo courts are missing)."""
    high = _research("苏")
    if high is None or Score.objects.exists():
        return 0
    published = services.current_rubric(high.court) or services.rubric_default_create(
        actor=high, court=high.court
    )
    services.rubric_publish(actor=high, rubric=published, shared=True)
    n = 0
    for court in Court.objects.filter(suggestions__state__in=SCORED).distinct():
        clerk = _research(court.code)
        if clerk is None or clerk.court_id == high.court_id:
            continue
        if services.current_rubric(court) is None:
            services.rubric_adopt(actor=clerk, source=published)
        rubric = services.current_rubric(court)
        letters = Suggestion.objects.filter(court=court, state__in=SCORED).order_by("id")
        for i, letter in enumerate(letters):
            points = {
                c.key: max(0, c.max_points - (i + j) % 3)
                for j, c in enumerate(rubric.criteria.all())
                if not c.computed
            }
            services.score_record(
                actor=clerk, suggestion=letter, points=points, comment=COMMENTS[i % len(COMMENTS)]
            )
            n += 1
    return n
