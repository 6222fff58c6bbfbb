from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "storefront.web"
    label = "web"
    verbose_name = "Storefront: cross-cutting"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the deploy checks
