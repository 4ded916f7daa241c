from django.apps import AppConfig


class OfficeConfig(AppConfig):
    name = "office"
    verbose_name = "事務局（バックオフィス）"

    def ready(self) -> None:
        # Connects the log-in time receiver the session max-age check relies on.
        from office import middleware, signals  # noqa: F401
