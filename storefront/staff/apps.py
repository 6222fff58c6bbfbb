from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "storefront.staff"
    label = "staff"
    verbose_name = "Staff console"
