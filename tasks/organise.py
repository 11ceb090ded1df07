"""Projects and labels: making, renaming, colouring, archiving and deleting them.

Their pages of tasks are task pages (tasks.views.ProjectTasksView, LabelTasksView). Every view
here reaches projects and labels through the signed-in person (`OwnMixin`); the database's
row-level security and composite keys hold the same line underneath.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core import signing
from django.core.exceptions import BadRequest
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View

from tasks.forms import LabelForm, NamedForm, ProjectForm, error_text
from tasks.models import COLORS, Label, Project, Task
from tasks.sidebar import Sidebar
from tasks.wording import plural

UNDO_SALT = "tasks.project-deleted"
UNDO_MAX_AGE = 24 * 60 * 60


class OwnMixin(LoginRequiredMixin):
    http_method_names = ["get", "post", "head", "options"]

    def own(self, model, pk):
        return get_object_or_404(model.objects.filter(user=self.request.user), pk=pk)


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
        if form.is_valid() and form.save_or_refuse():
            messages.success(request, f"Added “{form.instance.name}”.")
            return HttpResponseRedirect(self.after_adding(form.instance))
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
        if form.is_valid() and form.save_or_refuse():
            messages.success(request, f"Saved “{item.name}”.")
        else:
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
        archive = request.POST.get("action") != "unarchive"
        Project.objects.filter(pk=project.pk).update(archived_at=timezone.now() if archive else None)
        messages.success(request, f"{'Archived' if archive else 'Unarchived'} “{project.name}”.")
        return HttpResponseRedirect(reverse("tasks:project", args=[project.pk]))


class ProjectDeleteView(OwnMixin, TemplateView):
    """GET asks; POST moves the project's tasks to the trash and deletes the project, with an
    Undo that brings both back (a signed note of the project in the Undo link)."""

    template_name = "tasks/project_confirm_delete.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.own(Project, kwargs["pk"]), **kwargs)

    def post(self, request, pk):
        project = self.own(Project, pk)
        at = timezone.now()
        note = {"id": str(project.pk), "name": project.name, "color": project.color, "position": project.position}
        count = Task.objects.for_user(request.user).in_project(project).move_to_trash(at)
        project.delete()
        token = signing.dumps({**note, "at": at.isoformat(), "user": str(request.user.pk)}, salt=UNDO_SALT)
        undo_url = f"{reverse('tasks:restore_project')}?{urlencode({'token': token})}"
        messages.success(
            request,
            f"Deleted the project “{project.name}” and moved its {plural(count, 'task')} to the trash.",
            extra_tags=f"undo:{undo_url}",
        )
        return HttpResponseRedirect(reverse("tasks:projects"))


class ProjectRestoreView(OwnMixin, View):
    """The Undo of a project's deletion: the project again, with the tasks trashed with it."""

    http_method_names = ["post", "options"]

    def post(self, request):
        try:
            note = signing.loads(request.GET.get("token", ""), salt=UNDO_SALT, max_age=UNDO_MAX_AGE)
        except signing.BadSignature as exc:
            raise BadRequest("This undo link is not valid or has expired.") from exc
        if note.get("user") != str(request.user.pk):  # another person's link: nothing of theirs to restore
            raise BadRequest("This undo link is not valid or has expired.")
        tasks = Task.objects.for_user(request.user).trashed_at(datetime.fromisoformat(note["at"]))
        try:
            with transaction.atomic():
                project = Project.objects.create(
                    id=note["id"], user=request.user, name=note["name"], color=note["color"], position=note["position"]
                )
        except IntegrityError:
            # Undone already, or its name taken since: the tasks come back to the Inbox.
            count = tasks.restore()
            messages.success(request, f"Restored {plural(count, 'task')} to the Inbox.")
            return HttpResponseRedirect(reverse("tasks:inbox"))
        count = tasks.filter(project__isnull=True).update(project=project, deleted_at=None)
        messages.success(request, f"Restored the project “{project.name}” and its {plural(count, 'task')}.")
        return HttpResponseRedirect(reverse("tasks:project", args=[project.pk]))


class LabelDeleteView(OwnMixin, TemplateView):
    """GET asks (the label comes off every task that has it); POST deletes it."""

    template_name = "tasks/label_confirm_delete.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(label=self.own(Label, kwargs["pk"]), **kwargs)

    def post(self, request, pk):
        label = self.own(Label, pk)
        label.delete()
        messages.success(request, f"Deleted the label “{label.name}”.")
        return HttpResponseRedirect(reverse("tasks:labels"))
