from django.urls import path

from .views import bulk, case, export, hearing

# The inbox's views besides the case list; `InboxViewSet` (wagtail_hooks.py)
# serves them under /admin/casos/ in the "inbox" namespace, after its index.
urlpatterns = [
    path("lote/", bulk.bulk, name="bulk"),
    path("exportar/<str:fmt>/", export.export, name="export"),
    path("<int:pk>/", case.case_view, name="case"),
    path("<int:pk>/acao/", case.take_action, name="action"),
    path("<int:pk>/atribuir/", case.assign, name="assign"),
    path("<int:pk>/nota/", case.add_note, name="note"),
    path("<int:pk>/mensagem/", case.send_message, name="message"),
    path("<int:pk>/mensagem-fornecedor/", case.message_supplier, name="message_supplier"),
    path("<int:pk>/audiencia/marcar/", hearing.schedule, name="hearing_schedule"),
    path("<int:pk>/audiencia/remarcar/", hearing.reschedule, name="hearing_reschedule"),
    path("<int:pk>/audiencia/resultado/", hearing.outcome, name="hearing_outcome"),
    path(
        "<int:pk>/documentos/<uuid:attachment_id>/compartilhamento/",
        case.file_sharing,
        name="file_sharing",
    ),
]
