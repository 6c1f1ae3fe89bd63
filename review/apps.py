from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = "Review by the lead information officer"

    def ready(self) -> None:
        from records import describe

        from .describers import describe_review
        from .log_filters import register_log_filters
        from .queues import register_queues

        describe.register("review", describe_review)
        register_log_filters()
        register_queues()

    def load_demo(self, *, agencies: dict[str, object]) -> None:
        """Called by `demo_data` (sharing's command) for every app that has this method."""
        from . import demo

        demo.load(agencies=agencies)
