from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupplierEnrolmentConfig(AppConfig):
    name = "supplier_enrolment"
    verbose_name = _("Suppliers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The supplier side registers for the inbox's hooks; the inbox never imports it.
        from inbox import effects
        from inbox.signals import case_forwarded_to_supplier, case_transitioned
        from inbox.workflow import SUPPLIER_HEARING, SUPPLIER_RELEASED, SUPPLIER_UPDATE

        from . import enrolment, notices

        case_transitioned.connect(
            enrolment.on_case_transitioned, dispatch_uid="supplier_enrolment_approval"
        )
        case_forwarded_to_supplier.connect(
            notices.on_forwarded, dispatch_uid="supplier_enrolment_forwarded"
        )
        if notices.on_supplier_update not in effects.handlers(SUPPLIER_UPDATE):
            effects.register(SUPPLIER_UPDATE)(notices.on_supplier_update)
        if notices.on_supplier_released not in effects.handlers(SUPPLIER_RELEASED):
            effects.register(SUPPLIER_RELEASED)(notices.on_supplier_released)
        if notices.on_supplier_hearing not in effects.handlers(SUPPLIER_HEARING):
            effects.register(SUPPLIER_HEARING)(notices.on_supplier_hearing)
