from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "consent"
    verbose_name = "Consent and capacity"

    def ready(self) -> None:
        from records import panels

        from .describers import register_describers
        from .panels import consents_panel

        panels.register(consents_panel)
        register_describers()
