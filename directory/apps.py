from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "地域資源"

    def ready(self) -> None:
        # The receivers that keep derived columns and the search index current.
        from directory import signals  # noqa: F401
