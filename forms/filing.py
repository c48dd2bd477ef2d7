"""What every channel does to fill a draft, whatever carries the input (the
web's steps, the JSON API): which step may be answered now, a step's form bound
to what was sent with its files received onto the draft, and the step kept.

Each function takes plain data (a QueryDict-like mapping of lists, files by
field key), so the web views and the API apply the same rules and messages.
"""

from django.utils.datastructures import MultiValueDict

from . import attachments, engine
from .models import Draft


def blocking_step(definition, stored_steps, step):
    """The step to answer before `step` (an earlier visible step not answered,
    or the first pending one when `step` is hidden by the answers given), or
    None when `step` may be answered now."""
    states, _tokens = engine.progress(definition, stored_steps)
    if not states[step.index].visible:
        pending = [s.step for s in states if s.visible and not s.complete]
        return pending[0] if pending else step
    for state in states:
        if state.step.index >= step.index:
            break
        if state.visible and not state.complete:
            return state.step
    return None


def bind_step(step, tokens, context, draft, data, files=None, remove_ids=()):
    """The step form for posted `data`, with its files received onto the draft
    first.

    Returns (form, {field key: [upload errors]}). A file field's value is
    always the draft's attachments for it, never what the client claims.
    """
    form = engine.StepForm(step, tokens, data=data, context=context)
    specs = attachments.file_specs(step)
    if not specs:
        return form, {}
    upload_errors = attachments.receive(
        draft,
        step,
        files if files is not None else MultiValueDict(),
        list(remove_ids),
        form.fields,
        data=data,
    )
    data = data.copy()
    for spec in specs:
        data.setlist(spec.key, [str(a.pk) for a in form.fields[spec.key].attached()])
    return engine.StepForm(step, tokens, data=data, context=context), upload_errors


def save_step(page, draft, step, form):
    """Keep a valid step's input and answers on the draft (created if needed)."""
    if draft is None:
        draft = Draft(page=page)
    draft.steps[str(step.index)] = {"raw": form.raw_data(), "answers": form.answers()}
    draft.later_steps.pop(str(step.index), None)  # checked now: the unchecked copy goes
    if draft.resume_step == step.number:
        draft.resume_step = None  # a link now resumes at the first step still to answer
    draft.save()
    return draft


def pending_steps(definition, stored_steps):
    """The visible steps not answered yet, in order."""
    states, _tokens = engine.progress(definition, stored_steps)
    return [s.step for s in states if s.visible and not s.complete]
