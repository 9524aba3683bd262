from django import forms
from django.template.defaultfilters import filesizeformat

from .importing import (
    KNOWN_COLUMNS,
    ImportFileError,
    decode_csv_bytes,
    map_headers,
    parse_header_mapping,
    read_employee_csv,
)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # about 100,000 rows; far more than one company's export


class EmployeeUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV or Excel file",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,text/csv"}),
        help_text=(
            "The export from your HR system, as CSV or Excel (.xlsx, first sheet). "
            "Nothing changes until you apply."
        ),
    )
    mapping = forms.CharField(
        label="Your file's column names (optional)",
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": "Mail ID = email\nOrg unit = department"}
        ),
        help_text=(
            "Only where your HR system names a column differently from ours and we do not "
            f"recognise it: one per line, “your name = ours”, ours being one of "
            f"{', '.join(KNOWN_COLUMNS)}."
        ),
    )

    field_order = ["file", "mapping"]

    def clean_mapping(self) -> dict[str, str]:
        try:
            return parse_header_mapping(self.cleaned_data["mapping"])
        except ImportFileError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean(self):
        data = super().clean()
        if "file" in data and "mapping" in data:
            self.text = map_headers(self.text, data["mapping"])
            try:
                read_employee_csv(self.text)  # a file without e-mails is the whole file's error
            except ImportFileError as exc:
                self.add_error("file", str(exc))
        return data

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The file is {filesizeformat(upload.size)}; the limit is "
                f"{filesizeformat(MAX_UPLOAD_BYTES)}."
            )
        try:
            self.text = decode_csv_bytes(upload.read())
        except ImportFileError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload


class ApplyForm(forms.Form):
    send_invitations = forms.BooleanField(
        required=False,
        initial=True,
        label="E-mail the new people an invitation to set their password now",
    )
