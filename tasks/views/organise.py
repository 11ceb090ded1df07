"""Projects and labels: making, renaming, colouring, archiving and deleting them.

Their pages of tasks are task pages (tasks.views.lists.ProjectTasksView, LabelTasksView).
Every view here reaches projects and labels through the signed-in person (`OwnMixin`); the
database's row-level security and composite keys hold the same line underneath. The writes
are `tasks.actions.organise`'s.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import TemplateView, View

from tasks.actions import organise as actions
from tasks.forms import LabelForm, NamedForm, ProjectForm, error_text
from tasks.links import undo_url
from tasks.models import COLORS, Label, Project
from tasks.sidebar import Sidebar


class OwnMixin(LoginRequiredMixin):
    http_method_names = ["get", "post", "head", "options"]

    def own(self, model, pk):
        return get_object_or_404(model.objects.filter(user=self.request.user), pk=pk)


def refuse(form, result) -> None:
    """An action's refusal, as the form's error."""
    for name, errors in result.errors.items():
        for error in errors:
            form.add_error(name, error)


class CollectionPage(OwnMixin, TemplateView):
    """/projects/ and /labels/: every one of a person's, and a form to make another."""

    form_class: type[NamedForm]

    def get_context_data(self, form=None, **kwargs):
        sidebar = Sidebar.of(self.request.user, self.request.user.today())
        return super().get_context_data(
            sidebar=sidebar, form=form or self.form_class(user=self.request.user), colors=COLORS, **kwargs
        )

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            result = actions.create_named(request.user, form._meta.model, name=data["name"], color=data["color"])
            if result.changed:
                messages.success(request, result.message)
                return HttpResponseRedirect(self.after_adding(result.item))
            refuse(form, result)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ProjectsView(CollectionPage):
    template_name = "tasks/projects.html"
    form_class = ProjectForm

    def after_adding(self, project):
        return reverse("tasks:project", args=[project.pk])


class LabelsView(CollectionPage):
    template_name = "tasks/labels.html"
    form_class = LabelForm

    def after_adding(self, label):
        return reverse("tasks:labels")


class RenameView(OwnMixin, View):
    """Rename or recolour a project or a label; back to where the form was."""

    http_method_names = ["post", "options"]
    model: type
    form_class: type[NamedForm]

    def post(self, request, pk):
        item = self.own(self.model, pk)
        form = self.form_class(request.POST, instance=item, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            result = actions.rename(request.user, self.model, item.pk, name=data["name"], color=data["color"])
            if result.changed:
                messages.success(request, result.message)
            else:
                refuse(form, result)
        if form.errors:
            messages.error(request, error_text(form))
        return HttpResponseRedirect(self.back(item))


class ProjectRenameView(RenameView):
    model = Project
    form_class = ProjectForm

    def back(self, project):
        return reverse("tasks:project", args=[project.pk])


class LabelRenameView(RenameView):
    model = Label
    form_class = LabelForm

    def back(self, label):
        return reverse("tasks:labels")


class ProjectArchiveView(OwnMixin, View):
    """Archive a project (out of the sidebar and the pickers; its tasks stay where they are), or bring it back."""

    http_method_names = ["post", "options"]

    def post(self, request, pk):
        project = self.own(Project, pk)
        result = actions.archive_project(request.user, project.pk, archive=request.POST.get("action") != "unarchive")
        messages.success(request, result.message)
        return HttpResponseRedirect(reverse("tasks:project", args=[project.pk]))


class ProjectDeleteView(OwnMixin, TemplateView):
    """GET asks; POST moves the project's tasks to the trash and deletes the project, with an
    Undo that brings both back."""

    template_name = "tasks/project_confirm_delete.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.own(Project, kwargs["pk"]), **kwargs)

    def post(self, request, pk):
        project = self.own(Project, pk)
        result = actions.delete_project(request.user, project.pk)
        messages.success(request, result.message, extra_tags=f"undo:{undo_url(result.undo)}")
        return HttpResponseRedirect(reverse("tasks:projects"))


class LabelDeleteView(OwnMixin, TemplateView):
    """GET asks (the label comes off every task that has it); POST deletes it."""

    template_name = "tasks/label_confirm_delete.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(label=self.own(Label, kwargs["pk"]), **kwargs)

    def post(self, request, pk):
        label = self.own(Label, pk)
        messages.success(request, actions.delete_label(request.user, label.pk).message)
        return HttpResponseRedirect(reverse("tasks:labels"))
