from django.apps import AppConfig


class OfficeConfig(AppConfig):
    name = "office"
    verbose_name = "事務局（バックオフィス）"

    def ready(self) -> None:
        # Connects the log-in time receiver the session max-age check relies on.
        # Registers the report and proposal kinds of お知らせメール (office/notices.py) and the
        # installation admin made by createsuperuser (office/signals.py).
        from office import middleware, notices, signals  # noqa: F401
