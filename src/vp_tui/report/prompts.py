"""Discussion prompts for the facilitator: what to ask where the partnership is not aligned.

Every prompt text lives in ``PROMPTS`` (one place to reword them); the functions below
only pick which prompts apply to a session's equality view and fill in names and figures.
They read the view computed by ``model.scoring``; they never score anything themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from vp_tui.model.scoring import EqualityView, Verdict
from vp_tui.model.session import Session, ValueItem
from vp_tui.model.wording import DEAL_WORDS, for_partners
from vp_tui.report.sections import (
    deal_figure,
    figure,
    figures_and_feeling_disagree,
    values_worst_first,
)

PROMPTS: dict[str, str] = {
    "anticipated_gap": (
        "{high} {expects} a net of {high_net} from this partnership and {low} {low_net}: "
        "what would have to change in what each of you gets or puts in for it to feel "
        "fair to {all_of_you}?"
    ),
    "anticipated_loss": (
        "{name} expects to put in more than they get out (net {net}): what would make this "
        "partnership worth it for {name}, and can {others} help make that happen?"
    ),
    "anticipated_no_gain": (
        "{name}, you expect no gain from this partnership (net {net}), and nobody enters a "
        "partnership without one: what would you need to get out of it for it to be worth "
        "your while, and what can the others do to make that happen?"
    ),
    "deal_uneven": (
        "{name} answered “{words}” ({deal}): what makes the deal feel uneven, and what "
        "would make it feel even?"
    ),
    "deal_disagrees": (
        "The figures say “{net_verdict}” but the deal answers say “{deal_verdict}”: what "
        "matters to each of you that the ratings do not show?"
    ),
    "values_gap": (
        "{high} {rates} {item} {high_rating} and {low} {low_rating}: what does {item} look "
        "like day to day for each of you?"
    ),
    "values_dealbreaker": (
        "{holders} {marks} {item} as a dealbreaker and your ratings are {gap} apart: what "
        "exactly would break the deal, and what would each of you need to see to feel safe?"
    ),
    "values_none_shared": (
        "No value is rated {present} or more by {all_of_you}: which values truly matter to "
        "each of you, and which ones would you want this partnership to stand on?"
    ),
    "values_meaning": (
        "For {item}, {lines}: what will {item} look like in practice for each of you?"
    ),
    "contribution_more": (
        "{name} rates their own contribution {own} and {others_contribution}: what does "
        "{name} bring that {others} may not see, or value differently?"
    ),
    "contribution_less": (
        "{name} rates their own contribution {own} and {others_contribution}: does {name} "
        "feel they bring too little, and what would make the exchange feel fair to them?"
    ),
    "contribution_small": (
        "{name}, what you bring is worth {worth} on average to {all_of_you}, under "
        "{present}: is it really small, or does part of it go unseen? What could you bring "
        "that the others would value more?"
    ),
    "recognition_over": (
        "{name} rates what they bring {own}; {others_rate_it}: what would {name} need "
        "from {others} to feel their part is recognised?"
    ),
    "recognition_under": (
        "{name} rates what they bring {own}; {others_rate_it}: what {others_see} in it that "
        "{name} does not?"
    ),
}
"""Prompt texts by situation, worded for the facilitator to put to the partners. Every
reason of a component that is not aligned (DESIGN.md section 2) has one; "the others"
reads "your partner" between two (``for_partners``)."""

OVERALL_WORDS: dict[Verdict, str] = {
    Verdict.ALIGNED: "All three components are aligned: the partnership feels equal today.",
    Verdict.AT_RISK: (
        "At least one component is at risk: talk it through now, before it grows into a disconnect."
    ),
    Verdict.OUT_OF_SYNC: (
        "At least one component is out of sync: a partnership needs all three, so this one "
        "comes first."
    ),
    Verdict.INCOMPLETE: "Some ratings are still missing: the verdict waits for them.",
}
"""One sentence under the overall verdict."""

COMPONENT_LEADS: dict[str, str] = {
    "anticipated": (
        "What each partner expects to gain, minus what it costs them. Equal does not mean "
        "50/50: each partner's net must feel about the same as the others'."
    ),
    "values": (
        "How important each value is to each partner. One value far apart is enough for a "
        "disconnect; a dealbreaker turns any real gap into one."
    ),
    "contribution": (
        "What each partner brings, rated by every partner. Equal means each believes what "
        "the others bring is worth what they bring themselves."
    ),
}
"""One sentence under each component's heading: what is rated and what equal means."""

TWO_PARTNER_LEADS: dict[str, str] = {
    "anticipated": (
        "What each of you expects to gain, minus what it costs you. Equal does not mean "
        "50/50: your net must feel about the same as your partner's."
    ),
    "contribution": (
        "What each of you brings, rated by both of you. Equal means each of you believes "
        "what your partner brings is worth what you bring yourself."
    ),
}
"""The lead sentences that read differently between two partners (the others say the same)."""


def component_lead(key: str, count: int) -> str:
    """The lead sentence of a component, worded for ``count`` partners."""
    if count == 2:
        return TWO_PARTNER_LEADS.get(key, COMPONENT_LEADS[key])
    return COMPONENT_LEADS[key]


@dataclass(frozen=True)
class Prompt:
    """A discussion prompt about one component (and maybe one item of it)."""

    component: str
    """anticipated, values or contribution."""
    text: str


def _names(names: Sequence[str]) -> str:
    """Names joined as a sentence says them: "Ana", "Ana and Ben", "Ana, Ben and Mia"."""
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _number(value: float) -> str:
    """A figure said aloud: whole numbers bare, others with one decimal."""
    return f"{value:.1f}".removesuffix(".0")


def _the_others(session: Session, partner_id: str, value: float) -> tuple[str, str]:
    """How to name everyone but one partner, with their rating: by name when there is one."""
    others = [p.name for p in session.partners if p.id != partner_id]
    if len(others) == 1:
        return f"{others[0]}'s {_number(value)}", f"{others[0]} rates it {_number(value)}"
    return (
        f"the others' {_number(value)} on average",
        f"the others rate it {_number(value)} on average",
    )


def _others(session: Session, partner_id: str) -> str:
    """Everyone but one partner: the other's name between two, else "the others"."""
    others = [p.name for p in session.partners if p.id != partner_id]
    return others[0] if len(others) == 1 else "the others"


def _all_of_you(session: Session) -> str:
    """Every partner at once, as the facilitator says it to them."""
    return "both of you" if len(session.partners) == 2 else "all of you"


def _needs_talk(verdict: Verdict) -> bool:
    return verdict in (Verdict.AT_RISK, Verdict.OUT_OF_SYNC)


def anticipated_prompts(session: Session, view: EqualityView) -> list[Prompt]:
    """Prompts for anticipated value out of balance, a partner at a loss, an uneven deal."""
    score = view.anticipated
    prompts: list[Prompt] = []
    name = {p.id: p.name for p in session.partners}
    nets = {pid: value.net for pid, value in score.partners.items() if value.net is not None}
    if _needs_talk(score.net_verdict) and nets:
        high_net, low_net = max(nets.values()), min(nets.values())
        if score.gap is not None and score.gap > session.thresholds.aligned:
            high = [name[pid] for pid, net in nets.items() if net == high_net]
            low = [name[pid] for pid, net in nets.items() if net == low_net]
            text = PROMPTS["anticipated_gap"].format(
                high=_names(high),
                expects="expects" if len(high) == 1 else "expect",
                high_net=figure(high_net, signed=True),
                low=_names(low),
                low_net=figure(low_net, signed=True),
                all_of_you=_all_of_you(session),
            )
            prompts.append(Prompt("anticipated", text))
    if _needs_talk(score.present):  # a partner who expects no gain, or a loss
        for pid in session.partner_ids:
            net = nets.get(pid)
            if net is None or net > 0:
                continue
            key = "anticipated_loss" if net < 0 else "anticipated_no_gain"
            text = PROMPTS[key].format(
                name=name[pid], net=figure(net, signed=net < 0), others=_others(session, pid)
            )
            prompts.append(Prompt("anticipated", text))
    if _needs_talk(score.deal_verdict):
        for pid, value in score.partners.items():
            if value.deal is not None and abs(value.deal) >= 2:
                text = PROMPTS["deal_uneven"].format(
                    name=name[pid],
                    words=DEAL_WORDS[value.deal],
                    deal=deal_figure(value.deal),
                )
                prompts.append(Prompt("anticipated", text))
    if figures_and_feeling_disagree(score):
        text = PROMPTS["deal_disagrees"].format(
            net_verdict=score.net_verdict.value, deal_verdict=score.deal_verdict.value
        )
        prompts.append(Prompt("anticipated", text))
    return prompts


def values_prompts(session: Session, view: EqualityView) -> list[Prompt]:
    """Prompts for each shared value at risk or out of sync, worst first."""
    name = {p.id: p.name for p in session.partners}
    prompts: list[Prompt] = []
    for item in values_worst_first(view.values.items):
        if not _needs_talk(item.verdict) or not item.ratings:
            continue
        high_rating, low_rating = max(item.ratings.values()), min(item.ratings.values())
        high = [name[pid] for pid, rating in item.ratings.items() if rating == high_rating]
        low = [name[pid] for pid, rating in item.ratings.items() if rating == low_rating]
        text = PROMPTS["values_gap"].format(
            high=_names(high),
            rates="rates" if len(high) == 1 else "rate",
            item=item.item,
            high_rating=high_rating,
            low=_names(low),
            low_rating=low_rating,
        )
        prompts.append(Prompt("values", text))
        if item.dealbreaker and item.gap is not None:
            holders = [name[pid] for pid in item.dealbreaker if pid in name]
            text = PROMPTS["values_dealbreaker"].format(
                holders=_names(holders),
                marks="marks" if len(holders) == 1 else "mark",
                item=item.item,
                gap=_number(item.gap),
            )
            prompts.append(Prompt("values", text))
    return prompts


def values_presence_prompts(session: Session, view: EqualityView) -> list[Prompt]:
    """A prompt when no value matters to every partner (none is rated ``present`` or more
    by all of them)."""
    if not _needs_talk(view.values.present):
        return []
    text = PROMPTS["values_none_shared"].format(
        present=_number(session.thresholds.present_at), all_of_you=_all_of_you(session)
    )
    return [Prompt("values", text)]


def contribution_presence_prompts(session: Session, view: EqualityView) -> list[Prompt]:
    """A prompt for each partner whose contribution everyone, on average, sees as worth
    less than ``present``."""
    score = view.contribution
    if not _needs_talk(score.present):
        return []
    present_at = session.thresholds.present_at
    return [
        Prompt(
            "contribution",
            PROMPTS["contribution_small"].format(
                name=partner.name,
                worth=_number(worth),
                all_of_you=_all_of_you(session),
                present=_number(present_at),
            ),
        )
        for partner in session.partners
        if (worth := score.worth.get(partner.id)) is not None and worth < present_at
    ]


def meanings_differ(entry: ValueItem) -> bool:
    """Whether partners wrote different lines for what a value means to them in practice
    (case and repeated spaces aside), whatever their ratings say."""
    lines = {" ".join(text.split()).casefold() for text in entry.meaning.values()}
    return len(lines) > 1


def meaning_prompts(session: Session) -> list[Prompt]:
    """A prompt for each value whose lines of what it means in practice differ."""
    name = {p.id: p.name for p in session.partners}
    prompts = []
    for entry in session.values:
        if not meanings_differ(entry):
            continue
        said = [
            (name[pid], entry.meaning[pid]) for pid in session.partner_ids if pid in entry.meaning
        ]
        first, *rest = said
        lines = _names(
            [f"{first[0]} says “{first[1]}”", *(f"{who} “{text}”" for who, text in rest)]
        )
        text = PROMPTS["values_meaning"].format(item=entry.item, lines=lines)
        prompts.append(Prompt("values", for_partners(text, len(session.partners))))
    return prompts


def contribution_prompts(session: Session, view: EqualityView) -> list[Prompt]:
    """Prompts for partners whose balance or recognition is beyond the aligned band."""
    score = view.contribution
    if not _needs_talk(score.verdict):
        return []
    limit = session.thresholds.aligned
    prompts: list[Prompt] = []
    for partner in session.partners:
        pid = partner.id
        balance = score.balance.get(pid)
        own = score.matrix.get(pid, {}).get(pid)
        if balance is None or own is None or abs(balance) <= limit:
            continue
        key = "contribution_more" if balance > 0 else "contribution_less"
        others, _ = _the_others(session, pid, own - balance)
        text = PROMPTS[key].format(
            name=partner.name,
            own=own,
            others_contribution=others,
            others=_others(session, pid),
        )
        prompts.append(Prompt("contribution", text))
    for partner in session.partners:
        pid = partner.id
        recognition = score.recognition.get(pid)
        own = score.matrix.get(pid, {}).get(pid)
        if recognition is None or own is None or abs(recognition) <= limit:
            continue
        key = "recognition_over" if recognition > 0 else "recognition_under"
        _, others = _the_others(session, pid, own - recognition)
        who = _others(session, pid)
        text = PROMPTS[key].format(
            name=partner.name,
            own=own,
            others_rate_it=others,
            others=who,
            others_see=f"do {who} see" if who == "the others" else f"does {who} see",
        )
        prompts.append(Prompt("contribution", text))
    return prompts


def discussion_prompts(session: Session, view: EqualityView) -> list[Prompt]:
    """Every discussion prompt of a session, component by component, worded for its
    number of partners."""
    prompts = [
        *anticipated_prompts(session, view),
        *values_presence_prompts(session, view),
        *values_prompts(session, view),
        *meaning_prompts(session),
        *contribution_presence_prompts(session, view),
        *contribution_prompts(session, view),
    ]
    count = len(session.partners)
    return [Prompt(prompt.component, for_partners(prompt.text, count)) for prompt in prompts]
