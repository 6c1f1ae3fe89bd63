from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmarks' own commands (generate_scale_data). Installed in development and
    test settings only: production never has benchmark volume to make."""

    name = "bench"
    verbose_name = "Benchmarks"
