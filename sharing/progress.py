"""Where a draft stands, worked out once per request (sharing.selectors.draft_progress):
the engine's input, the route, each question's state for the task list, the order of the
pages, and the guidance."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import guidance as engine
from . import journey
from .models import Decision


@dataclass
class DraftProgress:
    decision: Decision
    context: dict[str, Any]  # selectors.form_context(decision), read once
    engine_input: dict[str, Any]
    rebuild: Callable[[Decision, dict[str, Any]], DraftProgress]

    @functools.cached_property
    def branch(self) -> tuple[tuple[int, ...], str | None]:
        return engine.branch(self.engine_input)

    @property
    def route(self) -> list[int]:
        return list(self.branch[0])

    @functools.cached_property
    def states(self) -> tuple[journey.QuestionState, ...]:
        return journey.question_states(self.engine_input, self.decision.typed)

    def state(self, number: int) -> journey.QuestionState:
        return self.states[number - 1]

    @functools.cached_property
    def missing(self) -> list[int]:
        """Questions on the route with a page still to answer, or kept with problems."""
        return [s.number for s in self.states if s.number in self.route and s.todo]

    @property
    def complete(self) -> bool:
        return self.branch[1] is not None and not self.missing and self.route[-1] == 8

    @functools.cached_property
    def sequence(self) -> list[journey.PageSpec]:
        """Every page the route needs, in the order they are asked."""
        return [spec for n in self.route for spec in journey.needed_pages(n, self.engine_input)]

    def is_needed(self, spec: journey.PageSpec) -> bool:
        return spec in self.sequence

    def next_after(self, spec: journey.PageSpec) -> journey.PageSpec | None:
        """The page after ``spec``; None when every page the route needs is done."""
        pages = self.sequence
        if spec in pages and pages.index(spec) + 1 < len(pages):
            return pages[pages.index(spec) + 1]
        todo = [page for state in self.states for page in state.todo]
        return todo[0] if todo else None

    def before(self, spec: journey.PageSpec) -> journey.PageSpec | None:
        pages = self.sequence
        return pages[pages.index(spec) - 1] if spec in pages and pages.index(spec) else None

    def first_to_do(self, number: int) -> journey.PageSpec | None:
        state = self.state(number)
        return state.todo[0] if state.todo else (state.pages[0] if state.pages else None)

    @functools.cached_property
    def guidance(self) -> engine.Guidance:
        return engine.evaluate(self.engine_input)

    @functools.cached_property
    def guidance_before_decision(self) -> engine.Guidance:
        """What the procedures point to before the practitioner decides (the Q8 page)."""
        return engine.evaluate({k: v for k, v in self.engine_input.items() if k != "q8"})

    def with_answers(self, decision: Decision) -> DraftProgress:
        """The progress after `decision` saved an answer (the case's records unchanged)."""
        return self.rebuild(decision, self.context)
