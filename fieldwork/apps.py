from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    name = "fieldwork"
    verbose_name = "生活支援コーディネーターの活動記録"

    def ready(self) -> None:
        # What fieldwork adds to office's pages (the resource page's panel), to its
        # お知らせメール (ideas) and to load_demo: registered here, since office and
        # directory never import fieldwork.
        from fieldwork import (  # noqa: F401
            council_demo,
            council_panels,
            course_demo,
            demo,
            idea_notices,
            panels,
            park_demo,
            population_demo,
            survey_demo,
        )
