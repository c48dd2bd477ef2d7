from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupplierEnrolmentConfig(AppConfig):
    name = "supplier_enrolment"
    verbose_name = _("Suppliers")
    default_auto_field = "django.db.models.BigAutoField"
