from __future__ import annotations

from django import forms

from interchange.models import FORMATS, MAX_UPLOAD_BYTES


class ImportForm(forms.Form):
    file = forms.FileField(
        help_text="At most 10 MB.", widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.ics,.json,text/*"})
    )
    format = forms.ChoiceField(choices=FORMATS, initial="auto")

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"The file is larger than {MAX_UPLOAD_BYTES // 1024 // 1024} MB.")
        return file
