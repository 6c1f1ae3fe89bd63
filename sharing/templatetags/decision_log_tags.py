from django import template

from sharing.decision_log import words

register = template.Library()


@register.filter
def decision_title(decision: object) -> str:
    """ "Decision 3: share with Northshire Police, 2 December"."""
    return words.title_of(decision)


@register.filter
def flag_words(flags: object) -> list[str]:
    return words.flag_words(flags)  # type: ignore[arg-type]


@register.filter
def flag_summaries(flags: object) -> list[str]:
    return words.flag_summaries(flags)  # type: ignore[arg-type]


@register.filter
def decision_name(decision: object) -> str:
    """The same, inside a sentence: "Review decision 3: share with ..."."""
    title = words.title_of(decision)
    return title[:1].lower() + title[1:]
