from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "HSDS 3.0 API"
