"""The review tests' decision, shared."""

from tests.review.conftest import decision  # noqa: F401
