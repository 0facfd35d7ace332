"""System check: WeasyPrint needs Pango from the operating system to render PDFs.

Run by `manage.py check`, `migrate` and `runserver`, so a missing library is reported with the
exact command to install it instead of failing later inside a worker.
"""

from django.core.checks import Error, register


@register()
def weasyprint_libraries_check(app_configs, **kwargs):
    try:
        import weasyprint  # noqa: F401
    except OSError as error:
        return [
            Error(
                f"WeasyPrint ne trouve pas ses bibliothèques système ({error}).",
                hint=(
                    "Installez Pango : « sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
                    "libharfbuzz-subset0 fonts-dejavu-core » (Debian, Ubuntu) ou "
                    "« brew install pango » (macOS)."
                ),
                id="reports.E001",
            )
        ]
    return []
