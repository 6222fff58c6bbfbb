from django.apps import AppConfig


class ThemingConfig(AppConfig):
    name = "storefront.theming"
    label = "theming"
    verbose_name = "Templates marketers edit"

    def ready(self) -> None:
        from storefront.web import pagecache

        from . import published

        published.connect_request_signals()
        pagecache.follow_templates_version(published.current_version)
