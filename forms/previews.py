"""The preview of a field type in the editor's block picker: the field as the
citizen sees it on a step, with a sample question, built by the form engine."""

# Sample questions, by field type, in the language of the forms.
SAMPLES = {
    "singleline": ("Nome completo", ""),
    "multiline": ("O que aconteceu?", "Conte com suas palavras."),
    "email": ("Seu e-mail", "Enviamos o protocolo para este endereço."),
    "url": ("Site da empresa", ""),
    "hidden": ("Origem", ""),
    "number": ("Quantas parcelas?", ""),
    "dropdown": ("Como comprou?", ""),
    "radio": ("Já procurou a empresa?", ""),
    "checkboxes": ("O que você quer?", "Marque quantas quiser."),
    "multiselect": ("Quais produtos?", ""),
    "checkbox": ("Quero receber notícias por e-mail", ""),
    "declaration": ("Declaro que as informações são verdadeiras.", ""),
    "date": ("Data da compra", ""),
    "datetime": ("Quando aconteceu?", ""),
    "cpf": ("CPF", ""),
    "cnpj": ("CNPJ da empresa", ""),
    "cep": ("CEP", ""),
    "phone": ("Telefone com DDD", ""),
    "money": ("Valor pago", ""),
    "municipality": ("Município onde você mora", ""),
    "address": ("Seu endereço", ""),
    "supplier": ("Empresa reclamada", "Nome ou CNPJ."),
    "problem": ("Qual é o problema?", ""),
    "file": ("Documentos", "Nota fiscal, contrato, conversas."),
}
SAMPLE_OPTIONS = {
    "dropdown": ["Internet", "Loja física", "Telefone"],
    "radio": ["Sim", "Não"],
    "checkboxes": ["Troca", "Devolução do dinheiro", "Conserto"],
    "multiselect": ["Celular", "Geladeira", "Televisão"],
}


def preview_value(block):
    """A sample value of `block` (a FieldBlock) for its preview."""
    label, help_text = SAMPLES.get(block.type_name, (str(block.meta.label), ""))
    raw = {
        **block.get_prep_value(block.get_default()),
        "label": label,
        "key": "exemplo",
        "help_text": help_text,
        "required": True,
    }
    if block.type_name in SAMPLE_OPTIONS:
        raw["choices"] = SAMPLE_OPTIONS[block.type_name]
    return block.to_python(raw)


def preview_context(block, value, context):
    """The one-field step form the preview template renders."""
    from .engine import FieldSpec, StepForm, StepSpec
    from .reference import DEFAULT_STATE

    spec = FieldSpec(key="exemplo", block=block, value=value, step_index=0, condition=None)
    step = StepSpec(index=0, title="", intro=None, condition=None, items=[spec])  # no title shown
    form = StepForm(step, {}, context={"state": DEFAULT_STATE})
    return {**context, "form": form, "field_type": block}
