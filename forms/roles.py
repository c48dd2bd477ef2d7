"""Field roles: what a field means, independent of its label.

Editors tag fields with a role; workflow code reads roles, never labels, so a
form can be reworded or reordered without breaking the inbox.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CONSUMER_NAME = "consumer_name", _("Consumer: name")
    CONSUMER_CPF = "consumer_cpf", _("Consumer: CPF")
    CONSUMER_EMAIL = "consumer_email", _("Consumer: email")
    CONSUMER_PHONE = "consumer_phone", _("Consumer: phone")
    CONSUMER_MUNICIPALITY = "consumer_municipality", _("Consumer: municipality")
    CONSUMER_CEP = "consumer_cep", _("Consumer: CEP")
    CONSUMER_ADDRESS = "consumer_address", _("Consumer: postal address")
    SUPPLIER_NAME = "supplier_name", _("Supplier: name")
    SUPPLIER_CNPJ = "supplier_cnpj", _("Supplier: CNPJ")
    SUPPLIER_WEBSITE = "supplier_website", _("Supplier: website")
    PURCHASE_DATE = "purchase_date", _("Purchase date")
    PURCHASE_CHANNEL = "purchase_channel", _("How it was bought")
    AMOUNT = "amount", _("Amount")
    SUBJECT = "subject", _("Subject")
    PROBLEM = "problem", _("Problem")
    DESCRIPTION = "description", _("Description")
    CONTACTED_SUPPLIER = "contacted_supplier", _("Contacted the supplier first")
    SUPPLIER_PROTOCOL = "supplier_protocol", _("Supplier's customer-service protocol")
    DESIRED_OUTCOME = "desired_outcome", _("Desired outcome")
    QUESTION = "question", _("Question")
    COMPANY_LEGAL_NAME = "company_legal_name", _("Company: legal name")
    COMPANY_TRADE_NAME = "company_trade_name", _("Company: trade name")
    COMPANY_CNPJ = "company_cnpj", _("Company: CNPJ")
    COMPANY_EMAIL = "company_email", _("Company: email")
    COMPANY_PHONE = "company_phone", _("Company: phone")
    COMPANY_ADDRESS = "company_address", _("Company: address")
    REPRESENTATIVE_NAME = "representative_name", _("Representative: name")
    REPRESENTATIVE_CPF = "representative_cpf", _("Representative: CPF")
    REPRESENTATIVE_EMAIL = "representative_email", _("Representative: email")
    REPRESENTATIVE_PHONE = "representative_phone", _("Representative: phone")
    # Further representatives, one group of fields each (a new group starts at
    # each name): the enrolment names them all.
    OTHER_REPRESENTATIVE_NAME = "other_representative_name", _("Another representative: name")
    OTHER_REPRESENTATIVE_CPF = "other_representative_cpf", _("Another representative: CPF")
    OTHER_REPRESENTATIVE_EMAIL = "other_representative_email", _("Another representative: email")
    OTHER_REPRESENTATIVE_PHONE = "other_representative_phone", _("Another representative: phone")
    AUTHORITY_PROOF = "authority_proof", _("Company: proof of the representatives' authority")
    DECLARATION = "declaration", _("Declaration")


# Roles whose values fill indexed columns must come from a field type that
# guarantees the format those columns expect.
ROLE_FIELD_TYPES = {
    Role.CONSUMER_CPF: {"cpf"},
    Role.REPRESENTATIVE_CPF: {"cpf"},
    Role.OTHER_REPRESENTATIVE_CPF: {"cpf"},
    Role.AUTHORITY_PROOF: {"file"},
    Role.CONSUMER_EMAIL: {"email"},
    Role.COMPANY_EMAIL: {"email"},
    Role.REPRESENTATIVE_EMAIL: {"email"},
    Role.OTHER_REPRESENTATIVE_EMAIL: {"email"},
    Role.CONSUMER_MUNICIPALITY: {"municipality"},
    Role.CONSUMER_CEP: {"cep"},
    Role.CONSUMER_ADDRESS: {"address"},
    Role.SUPPLIER_CNPJ: {"cnpj"},
    Role.COMPANY_CNPJ: {"cnpj"},
    Role.SUPPLIER_NAME: {"supplier", "singleline"},
    Role.AMOUNT: {"money"},
    Role.PURCHASE_DATE: {"date"},
    Role.PROBLEM: {"problem"},
}

# Roles a form may give to several fields: one group of fields per further
# representative (see supplier_enrolment.enrolment.representatives_named).
REPEATABLE_ROLES = {
    Role.OTHER_REPRESENTATIVE_NAME,
    Role.OTHER_REPRESENTATIVE_CPF,
    Role.OTHER_REPRESENTATIVE_EMAIL,
    Role.OTHER_REPRESENTATIVE_PHONE,
}

# Where the receipt goes: the first of these roles the form has.
EMAIL_ROLES = (Role.CONSUMER_EMAIL, Role.REPRESENTATIVE_EMAIL, Role.COMPANY_EMAIL)
